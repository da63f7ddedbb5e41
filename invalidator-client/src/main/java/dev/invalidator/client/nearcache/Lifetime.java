package dev.invalidator.client.nearcache;

/**
 * When one stored value stops being fresh and when it goes, in the cache's ticker's nanoseconds, decided once at its
 * write (jitter included) so that every later read sees the same deadlines.
 *
 * @param writtenAt     when it was stored
 * @param freshNanos    how long it is fresh (after its write, or after its last read when sliding)
 * @param maxStaleNanos how long past that it may still be served while a refresh runs
 * @param sliding       whether reads restart {@code freshNanos}
 * @param loadNanos     how long its load took (zero for a put): the early-refresh lead scales with it
 */
record Lifetime(long writtenAt, long freshNanos, long maxStaleNanos, boolean sliding, long loadNanos) {

    /** The end of its fresh time; meaningless for a sliding lifetime, which Caffeine tracks. */
    long freshUntil() {
        return writtenAt + freshNanos;
    }

    /** How long Caffeine keeps it from {@code now}, as if it had just been written (or, sliding, read). */
    long nanosToLive(long now) {
        if (sliding) {
            return freshNanos;
        }
        return Math.max(0, writtenAt + freshNanos + maxStaleNanos - now);
    }
}
