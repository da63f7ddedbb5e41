package dev.invalidator.rules.engine;

/** What a planned target names. */
public enum TargetType {
    /** One cache key. */
    KEY,
    /** A Redis glob over cache keys. */
    PATTERN,
    /** A tag: every key registered under it. */
    TAG
}
