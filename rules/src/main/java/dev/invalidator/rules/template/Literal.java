package dev.invalidator.rules.template;

/** Literal template text, with {@code {{}/{@code }}} already unescaped; for patterns, still glob syntax. */
record Literal(String text) implements Segment {
}
