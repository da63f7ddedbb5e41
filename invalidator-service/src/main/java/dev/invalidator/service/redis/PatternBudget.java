package dev.invalidator.service.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * The work one pattern may cost. SCAN walks the whole keyspace whatever the pattern matches, so a pattern on a large
 * Redis is bounded by how much of the keyspace it examines and for how long.
 *
 * @param maxKeysScanned keyspace entries examined at most, counted as SCAN's COUNT hint per call (Redis examines
 *                       about that many per call; the count is an estimate, not exact)
 * @param maxDuration    wall-clock time spent on one pattern at most
 */
public record PatternBudget(long maxKeysScanned, Duration maxDuration) {

    public static final PatternBudget DEFAULTS = new PatternBudget(10_000_000, Duration.ofSeconds(10));

    public PatternBudget {
        Objects.requireNonNull(maxDuration, "maxDuration");
        if (maxKeysScanned < 1) {
            throw new IllegalArgumentException("maxKeysScanned must be at least 1, was " + maxKeysScanned);
        }
        if (maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("maxDuration must be positive, was " + maxDuration);
        }
    }
}
