package dev.invalidator.rules.template;

import java.util.ArrayList;
import java.util.List;

/** Turns a template's text into segments, or says where and why it is not a template. One instance per parse. */
final class TemplateParser {

    /** The outcome of a parse. */
    record Parsed(List<Segment> segments, boolean canMatchEveryKey) {
    }

    private final String template;
    private final GlobSyntax glob;
    private final List<Segment> segments = new ArrayList<>();
    private final StringBuilder literal = new StringBuilder();

    private TemplateParser(String template, TargetKind kind) {
        this.template = template;
        this.glob = kind == TargetKind.PATTERN ? new GlobSyntax(template) : null;
    }

    static Parsed parse(String template, TargetKind kind) throws TemplateSyntaxException {
        return new TemplateParser(template, kind).parse();
    }

    private Parsed parse() throws TemplateSyntaxException {
        if (template.isEmpty()) {
            throw new TemplateSyntaxException(template, 0, "empty template: write a key such as 'product:{id}'");
        }
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{' && isDoubled(i)) {
                literal('{', i);
                i += 2;
            } else if (c == '{') {
                i = placeholder(i);
            } else if (c == '}' && isDoubled(i)) {
                literal('}', i);
                i += 2;
            } else if (c == '}') {
                throw new TemplateSyntaxException(template, i,
                        "'}' without a matching '{': write '}}' for a literal '}'");
            } else {
                literal(c, i);
                i++;
            }
        }
        flushLiteral();
        if (glob != null) {
            glob.end();
        }
        return new Parsed(List.copyOf(segments), glob != null && glob.canMatchEveryKey());
    }

    private boolean isDoubled(int i) {
        return i + 1 < template.length() && template.charAt(i + 1) == template.charAt(i);
    }

    private void literal(char c, int offset) {
        literal.append(c);
        if (glob != null) {
            glob.literal(c, offset);
        }
    }

    private void flushLiteral() {
        if (literal.length() > 0) {
            segments.add(new Literal(literal.toString()));
            literal.setLength(0);
        }
    }

    /** Reads the placeholder whose '{' is at {@code open}; returns the index after its '}'. */
    private int placeholder(int open) throws TemplateSyntaxException {
        int close = closingBrace(open);
        String text = template.substring(open, close + 1);
        if (close == open + 1) {
            throw new TemplateSyntaxException(template, open,
                    "empty placeholder '{}': name a column, as in '{id}', '{before.id}' or '{after.id}'");
        }
        int start = open + 1;
        int dot = template.indexOf('.', start);
        ImageSelector selector = ImageSelector.DEFAULT;
        int columnStart = start;
        if (dot >= 0 && dot < close) {
            selector = imageSelector(template.substring(start, dot), text, start);
            columnStart = dot + 1;
        }
        ColumnNames.check(template, columnStart, close, text);
        if (glob != null) {
            glob.placeholder(text, open);
        }
        flushLiteral();
        segments.add(new Placeholder(selector, template.substring(columnStart, close), open));
        return close + 1;
    }

    /** The '}' closing the placeholder opened at {@code open}; a '{' or the end before it means it is unclosed. */
    private int closingBrace(int open) throws TemplateSyntaxException {
        for (int i = open + 1; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '}') {
                return i;
            }
            if (c == '{') {
                break;
            }
        }
        throw new TemplateSyntaxException(template, open,
                "unclosed '{': a placeholder is '{column}'; write '{{' for a literal '{'");
    }

    private ImageSelector imageSelector(String prefix, String placeholder, int offset)
            throws TemplateSyntaxException {
        return switch (prefix) {
            case "before" -> ImageSelector.BEFORE;
            case "after" -> ImageSelector.AFTER;
            default -> {
                String column = placeholder.substring(prefix.length() + 2, placeholder.length() - 1);
                String known = "'{before." + column + "}', '{after." + column + "}' or '{" + column + "}'";
                throw new TemplateSyntaxException(template, offset, prefix.isEmpty()
                        ? "missing image before '.' in '" + placeholder + "': write " + known
                        : "unknown image '" + prefix + "' in '" + placeholder + "': write " + known);
            }
        };
    }
}
