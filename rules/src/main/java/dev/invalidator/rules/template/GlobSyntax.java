package dev.invalidator.rules.template;

/**
 * Follows the literal text of a pattern template as Redis's glob matcher ({@code stringmatchlen}) reads it, to
 * refuse placeholders where an escaped value would still change the pattern's meaning, and to tell whether the
 * pattern can match every key.
 */
final class GlobSyntax {

    private final String template;
    private boolean escaping;
    private int escapeOffset;
    private boolean inClass;
    private int classOffset;
    private boolean onlyWildcards = true;
    private boolean sawStar;

    GlobSyntax(String template) {
        this.template = template;
    }

    /** One literal character of the pattern, at {@code offset} in the template. */
    void literal(char c, int offset) {
        if (escaping) {
            escaping = false;
            onlyWildcards = false;
            return;
        }
        if (inClass) {
            switch (c) {
                case '\\' -> startEscape(offset);
                case ']' -> inClass = false;
                default -> {
                }
            }
            return;
        }
        switch (c) {
            case '\\' -> startEscape(offset);
            case '[' -> {
                inClass = true;
                classOffset = offset;
                onlyWildcards = false;
            }
            case '*' -> sawStar = true;
            case '?' -> {
            }
            default -> onlyWildcards = false;
        }
    }

    private void startEscape(int offset) {
        escaping = true;
        escapeOffset = offset;
    }

    /** A placeholder starts at {@code offset}: its escaped value must stand for itself. */
    void placeholder(String placeholder, int offset) throws TemplateSyntaxException {
        if (escaping) {
            throw new TemplateSyntaxException(template, escapeOffset, "'\\' before " + placeholder
                    + " would escape the value's first character: write '\\\\' for a literal backslash");
        }
        if (inClass) {
            throw new TemplateSyntaxException(template, classOffset, placeholder
                    + " inside a '[...]' character class: a value can only be used as literal text");
        }
    }

    /** The end of the template. */
    void end() throws TemplateSyntaxException {
        if (escaping) {
            throw new TemplateSyntaxException(template, escapeOffset,
                    "'\\' at the end of the pattern escapes nothing: write '\\\\' for a literal backslash");
        }
        if (inClass) {
            throw new TemplateSyntaxException(template, classOffset,
                    "unclosed '[': a character class ends with ']'; write '\\[' for a literal '['");
        }
    }

    /**
     * True when the literal text is nothing but {@code *} and {@code ?} with at least one {@code *}: then the pattern
     * matches every key (every non-empty key, with a {@code ?}) as soon as its values are empty, e.g. {@code {id}*}.
     */
    boolean canMatchEveryKey() {
        return onlyWildcards && sawStar;
    }
}
