package dev.invalidator.rules.file;

import java.util.Objects;

/** A value from a rule file together with where it was written, so later checks can point at it. */
public record Located<T>(T value, SourceLocation location) {

    public Located {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(location, "location");
    }
}
