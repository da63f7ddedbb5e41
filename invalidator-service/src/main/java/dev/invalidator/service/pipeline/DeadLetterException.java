package dev.invalidator.service.pipeline;

/** A dead letter was not acknowledged by Kafka; the batch holding it must not be committed. */
public class DeadLetterException extends RuntimeException {

    public DeadLetterException(DeadLetter letter, String deadLetterTopic, Throwable cause) {
        super("could not dead-letter the record at " + letter.coordinates() + " to " + deadLetterTopic + ": "
                + cause.getMessage(), cause);
    }
}
