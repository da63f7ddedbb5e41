package dev.invalidator.service.redis;

/**
 * Bounds of one cascading walk through dependents sets, so that a dependency graph grown by mistake (a hub key every
 * page depends on, a long chain) cannot turn one invalidation into an unbounded amount of work.
 *
 * @param maxDepth   how many levels of dependents are followed from the keys removed directly (1 = their dependents
 *                   only)
 * @param maxFanOut  how many dependents one walk removes at most
 */
public record CascadeLimits(int maxDepth, int maxFanOut) {

    public static final CascadeLimits DEFAULTS = new CascadeLimits(5, 10_000);

    public CascadeLimits {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, was " + maxDepth);
        }
        if (maxFanOut < 1) {
            throw new IllegalArgumentException("maxFanOut must be at least 1, was " + maxFanOut);
        }
    }
}
