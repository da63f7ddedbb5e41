package dev.invalidator.service.run;

import java.util.Locale;

/** What one {@code invalidator run} process does: capture changes into Kafka, invalidate from Kafka, or both. */
public enum Role {
    CAPTURE, INVALIDATE, ALL;

    public boolean captures() {
        return this != INVALIDATE;
    }

    public boolean invalidates() {
        return this != CAPTURE;
    }

    /** @throws IllegalArgumentException naming the accepted roles */
    public static Role parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected capture, invalidate or all; got '" + text + "'", e);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
