package dev.invalidator.service.embedded;

/** A part of the embedded stack could not start; what had started is stopped again. */
public final class EmbeddedException extends RuntimeException {

    public EmbeddedException(String message, Throwable cause) {
        super(message, cause);
    }

    public EmbeddedException(String message) {
        super(message);
    }
}
