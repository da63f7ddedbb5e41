package dev.invalidator.service.request;

/** Kafka did not acknowledge an explicit request: the caller is told to retry, which is harmless. */
public final class RequestNotAcceptedException extends RuntimeException {

    public RequestNotAcceptedException(String id, String topic, Throwable cause) {
        super("request " + id + " was not acknowledged by topic " + topic + ": " + cause.getMessage(), cause);
    }
}
