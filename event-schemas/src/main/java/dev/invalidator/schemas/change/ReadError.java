package dev.invalidator.schemas.change;

import java.util.Objects;

/**
 * A record that is not a change event this reader can trust.
 *
 * @param message     what is wrong, in words
 * @param path        JSON pointer to the offending part of the value (or {@code /} for the whole record)
 * @param coordinates where the record was read from; null when the caller did not say
 */
public record ReadError(String message, String path, RecordCoordinates coordinates) implements ReadResult {

    public ReadError {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(path, "path");
    }

    /** One line for logs and dead-letter headers: where, what, at which field. */
    public String describe() {
        String where = coordinates == null ? "" : coordinates + ": ";
        return where + message + " (at " + path + ")";
    }
}
