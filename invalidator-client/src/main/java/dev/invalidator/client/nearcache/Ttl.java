package dev.invalidator.client.nearcache;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the entries of one key category live: {@code Ttl.afterWrite(Duration.ofMinutes(5))} like Caffeine's
 * {@code expireAfterWrite}, {@code Ttl.afterAccess(Duration.ofMinutes(30))} like its {@code expireAfterAccess}.
 *
 * <p>With {@link #withMaxStale(Duration)} the time to live becomes a soft one: once it has run out the value is
 * stale but still served, for at most {@code maxStale} more, while one background load refreshes it.
 *
 * @param timeToLive how long a value is fresh, counted from its write (or from its last read when sliding)
 * @param maxStale   how long past {@code timeToLive} a stale value may still be served; zero for a hard TTL
 * @param sliding    whether every read restarts {@code timeToLive} (expire after access)
 */
public record Ttl(Duration timeToLive, Duration maxStale, boolean sliding) {

    /**
     * Longest duration accepted: deadlines are counted in nanoseconds, and a TTL with the largest jitter plus its
     * maxStale must stay far from overflowing a long (and under Caffeine's own cap of about 146 years).
     */
    static final Duration LONGEST = Duration.ofDays(10_000);

    public Ttl {
        Objects.requireNonNull(timeToLive, "timeToLive");
        Objects.requireNonNull(maxStale, "maxStale");
        if (timeToLive.isNegative() || timeToLive.isZero() || timeToLive.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("timeToLive must be positive and at most 10000 days, got "
                    + timeToLive);
        }
        if (maxStale.isNegative() || maxStale.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("maxStale must be zero or positive and at most 10000 days, got "
                    + maxStale);
        }
        if (sliding && !maxStale.isZero()) {
            // Every read of a sliding entry keeps it fresh, so it never has a stale period to serve.
            throw new IllegalArgumentException("a sliding (after access) TTL cannot have a maxStale");
        }
    }

    /** Fresh for {@code timeToLive} after each write, then gone. */
    public static Ttl afterWrite(Duration timeToLive) {
        return new Ttl(timeToLive, Duration.ZERO, false);
    }

    /** Fresh for {@code timeToLive} after each write or read, then gone. */
    public static Ttl afterAccess(Duration timeToLive) {
        return new Ttl(timeToLive, Duration.ZERO, true);
    }

    /** This TTL made soft: a value past it is served for at most {@code maxStale} more while it is refreshed. */
    public Ttl withMaxStale(Duration maxStale) {
        return new Ttl(timeToLive, maxStale, sliding);
    }

    @Override
    public String toString() {
        return (sliding ? "after access " : "after write ") + timeToLive
                + (maxStale.isZero() ? "" : ", stale for at most " + maxStale);
    }
}
