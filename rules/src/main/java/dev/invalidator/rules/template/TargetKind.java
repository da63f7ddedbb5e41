package dev.invalidator.rules.template;

/** What a rendered target is handed to Redis as. */
public enum TargetKind {
    /** An exact key: rendered as is. */
    KEY,
    /** A Redis glob (as {@code SCAN MATCH} takes it): substituted values are escaped, literal wildcards stay. */
    PATTERN
}
