package dev.invalidator.rules.file;

/**
 * A place in a rule file, 1-based, as editors and compilers count: printed {@code file:line:column}.
 */
public record SourceLocation(String file, int line, int column) {

    /** The location {@code offset} characters further along the same line (for positions inside a scalar). */
    public SourceLocation plusColumns(int offset) {
        return new SourceLocation(file, line, column + offset);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
