package dev.invalidator.rules.engine;

import java.util.Objects;

/** A rule that could not be applied to an event (its condition failed to evaluate); the event needs attention. */
public record RuleFailure(String rule, String message) {

    public RuleFailure {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
    }
}
