package dev.invalidator.service.capture;

/** Capture cannot go on: a record was not written, a topic not created, the engine failed. */
public final class CaptureException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CaptureException(String message) {
        super(message);
    }

    public CaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
