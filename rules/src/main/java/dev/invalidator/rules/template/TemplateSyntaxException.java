package dev.invalidator.rules.template;

/**
 * A template that does not compile. The message says what is wrong without saying where; {@link #offset()} says
 * where, so the loader can report {@code file:line:column: message} by adding the template's own position.
 */
public final class TemplateSyntaxException extends Exception {

    private final String template;
    private final int offset;

    TemplateSyntaxException(String template, int offset, String message) {
        super(message);
        this.template = template;
        this.offset = offset;
    }

    /** The template as written. */
    public String template() {
        return template;
    }

    /**
     * Where the problem is: a {@link String} index into {@link #template()}, counted in UTF-16 code units from 0 (as
     * editors speaking LSP count columns).
     */
    public int offset() {
        return offset;
    }
}
