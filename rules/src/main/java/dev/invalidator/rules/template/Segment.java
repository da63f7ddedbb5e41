package dev.invalidator.rules.template;

/** A piece of a compiled template: literal text, or a placeholder filled in per event. */
sealed interface Segment permits Literal, Placeholder {
}
