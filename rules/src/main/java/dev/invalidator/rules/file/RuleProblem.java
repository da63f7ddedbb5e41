package dev.invalidator.rules.file;

import java.util.Objects;

/** One thing wrong (or suspicious) in a rule file, printed {@code file:line:column: message}. */
public record RuleProblem(SourceLocation location, Severity severity, String message) {

    public enum Severity { ERROR, WARNING }

    public RuleProblem {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    public static RuleProblem error(SourceLocation location, String message) {
        return new RuleProblem(location, Severity.ERROR, message);
    }

    public static RuleProblem warning(SourceLocation location, String message) {
        return new RuleProblem(location, Severity.WARNING, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return location + ": " + (severity == Severity.WARNING ? "warning: " : "") + message;
    }
}
