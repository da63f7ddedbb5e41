package dev.invalidator.rules.engine;

import dev.invalidator.rules.template.BeforeImagePolicy;
import dev.invalidator.schemas.change.ChangeEvent;

/** A rule's compiled {@code when} condition. */
interface RuleCondition {

    Outcome test(ChangeEvent event, BeforeImagePolicy beforeImages);

    /** Whether the condition holds, or why it could not be evaluated. */
    sealed interface Outcome {
        record Decided(boolean holds) implements Outcome {
        }

        record Failed(String message) implements Outcome {
        }
    }
}
