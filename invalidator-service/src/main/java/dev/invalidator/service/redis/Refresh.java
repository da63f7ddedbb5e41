package dev.invalidator.service.redis;

import java.util.Objects;

/**
 * A refreshed key to write or remove, conditional on the change's source position (REDIS-LAYOUT.md, "Refreshed
 * values"): it applies only when the position stored with the key is not newer than {@code position}.
 *
 * @param key       the cache key
 * @param value     the value to store (a JSON object), or null to remove the key (the row was deleted)
 * @param ttlMillis the TTL of the value, and of the stored position (after a removal, the tombstone)
 * @param position  the change's source position as text that sorts in log order
 */
public record Refresh(String key, String value, long ttlMillis, String position) {

    public Refresh {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(position, "position");
        if (ttlMillis <= 0) {
            throw new IllegalArgumentException("ttlMillis must be positive, was " + ttlMillis);
        }
    }

    public boolean removes() {
        return value == null;
    }

    /** Whether this change is later in the log than {@code other}, by the byte order of the position texts. */
    public boolean isAfter(Refresh other) {
        return Positions.compare(position, other.position) > 0;
    }

    /** The order the refresh script compares positions in: length first, then byte by byte. */
    static final class Positions {
        private Positions() {
        }

        static int compare(String a, String b) {
            if (a.length() != b.length()) {
                return Integer.compare(a.length(), b.length());
            }
            return a.compareTo(b);
        }
    }
}
