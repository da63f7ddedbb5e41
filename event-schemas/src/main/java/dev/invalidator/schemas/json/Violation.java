package dev.invalidator.schemas.json;

import java.util.Objects;

/**
 * One thing wrong with a message.
 *
 * @param pointer JSON pointer to the offending field, e.g. {@code /keys/3}; {@code /} stands for the whole document
 *                (as in the change-event reader's errors), since the empty pointer would print as nothing
 * @param message what is wrong with it, e.g. {@code must be a string, found integer}
 */
public record Violation(String pointer, String message) {

    public Violation {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(message, "message");
    }

    /** The form for logs, HTTP answers and dead-letter headers: {@code /keys/3: must be a string, found integer}. */
    @Override
    public String toString() {
        return pointer + ": " + message;
    }
}
