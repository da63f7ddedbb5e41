package dev.invalidator.client.publish;

/** Kafka did not take an invalidation request; the message names the request id and the topic. */
public final class PublishException extends RuntimeException {

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
