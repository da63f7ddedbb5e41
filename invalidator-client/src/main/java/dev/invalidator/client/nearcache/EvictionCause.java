package dev.invalidator.client.nearcache;

/** Why an entry left a near-cache. */
public enum EvictionCause {
    /** A broadcast named its key, or the application invalidated it. */
    KEY,
    /** A broadcast pattern matched its key. */
    PATTERN,
    /** A broadcast named one of its tags. */
    TAG,
    /** A key it depends on (directly or transitively) was invalidated. */
    DEPENDENTS,
    /** A broadcast with {@code clearAll}, or the application invalidated everything. */
    CLEAR,
    /** The follower reported missed broadcasts: everything was dropped as a repair. */
    MISSED,
    /**
     * Its time to live ran out (with a {@link TtlPolicy}: its TTL plus its maxStale, or its sliding TTL since the
     * last read), or a background refresh found it gone (the loader returned null).
     */
    EXPIRED,
    /** The cache was full. */
    SIZE
}
