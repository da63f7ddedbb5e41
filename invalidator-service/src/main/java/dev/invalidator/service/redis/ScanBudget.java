package dev.invalidator.service.redis;

/**
 * One pattern's {@link PatternBudget} as it is spent. On a cluster the pattern is scanned on every master, and the
 * budget covers all of them together: a pattern costs the same however the keyspace is spread.
 */
final class ScanBudget {

    private final PatternBudget budget;
    private final int scanCount;
    private final long deadline;
    private long scanned;

    /** @param scanCount the COUNT hint of each SCAN, counted as the entries it examines */
    ScanBudget(PatternBudget budget, int scanCount) {
        this.budget = budget;
        this.scanCount = scanCount;
        this.deadline = System.nanoTime() + budget.maxDuration().toNanos();
    }

    void pageRequested() {
        scanned += scanCount;
    }

    boolean spent() {
        return scanned >= budget.maxKeysScanned() || System.nanoTime() - deadline >= 0;
    }
}
