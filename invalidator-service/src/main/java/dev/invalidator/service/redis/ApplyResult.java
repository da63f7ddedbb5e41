package dev.invalidator.service.redis;

/**
 * What one apply removed. Counts are of things that existed and are now gone: unlinking a key that had already expired
 * counts nothing.
 *
 * @param keysRemoved          cache values removed, asked for by key, matched by a pattern or found in a tag set
 * @param tagMembersRemoved    members removed from tag sets
 * @param dependentsRemoved    cache values removed by the cascade
 * @param leasesRemoved        lease markers removed with their cache keys
 * @param roundTrips           requests to Redis (a pipeline counts once)
 * @param depthLimitReached    the cascade stopped at its depth limit while dependents were left
 * @param fanOutLimitReached   the cascade stopped at its fan-out limit while dependents were left
 * @param patternBudgetExhausted a pattern's scan stopped at its budget before covering the keyspace
 * @param versionsBumped       version counters incremented (one per versioned key)
 * @param tagGenerationsBumped generation counters incremented (one per generation-based tag)
 * @param refreshesWritten     refreshed keys written from the after-image
 * @param refreshesRemoved     refreshed keys removed for a deleted row (whether or not a value was there)
 * @param refreshesRefused     refreshes not applied because a newer change had been written to the key
 */
public record ApplyResult(long keysRemoved, long tagMembersRemoved, long dependentsRemoved, long leasesRemoved,
                          long roundTrips, boolean depthLimitReached, boolean fanOutLimitReached,
                          boolean patternBudgetExhausted, long versionsBumped, long tagGenerationsBumped,
                          long refreshesWritten, long refreshesRemoved, long refreshesRefused) {

    /** A result without refreshes. */
    public ApplyResult(long keysRemoved, long tagMembersRemoved, long dependentsRemoved, long leasesRemoved,
                       long roundTrips, boolean depthLimitReached, boolean fanOutLimitReached,
                       boolean patternBudgetExhausted, long versionsBumped, long tagGenerationsBumped) {
        this(keysRemoved, tagMembersRemoved, dependentsRemoved, leasesRemoved, roundTrips, depthLimitReached,
                fanOutLimitReached, patternBudgetExhausted, versionsBumped, tagGenerationsBumped, 0, 0, 0);
    }

    /** Whether a cascade limit left dependents in place: the caller must report it, never drop it. */
    public boolean cascadeTruncated() {
        return depthLimitReached || fanOutLimitReached;
    }

    /** Whether a limit left something in place that the work asked to remove: to be reported, never dropped. */
    public boolean incomplete() {
        return cascadeTruncated() || patternBudgetExhausted;
    }
}
