package dev.invalidator.service.redis;

/** Counts of one apply as it goes; one per apply, never shared between threads. */
final class Tally {

    private long keys;
    private long tagMembers;
    private long dependents;
    private long leases;
    private long roundTrips;
    private boolean depthLimitReached;
    private boolean fanOutLimitReached;
    private boolean patternBudgetExhausted;
    private long versions;
    private long tagGenerations;
    private long refreshesWritten;
    private long refreshesRemoved;
    private long refreshesRefused;

    void keysUnlinked(Unlinked unlinked) {
        keys += unlinked.keys();
        leases += unlinked.leases();
    }

    void dependentsUnlinked(Unlinked unlinked) {
        dependents += unlinked.keys();
        leases += unlinked.leases();
    }

    void tagMembersRemoved(long count) {
        tagMembers += count;
    }

    void versionsBumped(long count) {
        versions += count;
    }

    void tagGenerationsBumped(long count) {
        tagGenerations += count;
    }

    /** One refresh script's outcome: written, removed, or refused as older than what is stored. */
    void refreshed(boolean written, boolean removed, boolean refused, long leasesDeleted) {
        refreshesWritten += written ? 1 : 0;
        refreshesRemoved += removed ? 1 : 0;
        refreshesRefused += refused ? 1 : 0;
        leases += leasesDeleted;
    }

    void roundTrips(int count) {
        roundTrips += count;
    }

    void depthLimitReached() {
        depthLimitReached = true;
    }

    void fanOutLimitReached() {
        fanOutLimitReached = true;
    }

    void patternBudgetExhausted() {
        patternBudgetExhausted = true;
    }

    ApplyResult result() {
        return new ApplyResult(keys, tagMembers, dependents, leases, roundTrips, depthLimitReached,
                fanOutLimitReached, patternBudgetExhausted, versions, tagGenerations, refreshesWritten,
                refreshesRemoved, refreshesRefused);
    }
}
