package dev.invalidator.rules.engine;

/** What a planned target names. */
public enum TargetType {
    /** One cache key. */
    KEY,
    /** A Redis glob over cache keys. */
    PATTERN,
    /** A tag: every key registered under it. */
    TAG,
    /** A versioned key: its version counter is bumped, so every variant cached under an older version is unreachable. */
    VERSION,
    /**
     * A refreshed key: a projection of the after-image is written to it (compare-and-set on the source position),
     * and a delete removes it.
     */
    REFRESH
}
