package dev.invalidator.service.embedded.kafka;

/** The embedded Kafka broker could not be started, formatted or reached; the message says which and why. */
public final class EmbeddedKafkaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EmbeddedKafkaException(String message) {
        super(message);
    }

    public EmbeddedKafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
