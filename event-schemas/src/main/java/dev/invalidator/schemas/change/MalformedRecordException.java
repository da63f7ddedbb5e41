package dev.invalidator.schemas.change;

/** Unwinds decoding to the reader, which turns it into a {@link ReadError}; never leaves this package. */
final class MalformedRecordException extends Exception {

    private final String path;

    MalformedRecordException(String path, String message) {
        super(message, null, false, false);
        this.path = path;
    }

    String path() {
        return path;
    }
}
