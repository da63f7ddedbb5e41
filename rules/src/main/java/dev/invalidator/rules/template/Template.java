package dev.invalidator.rules.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A compiled target of a rule, such as {@code product:sku:{before.sku}} or {@code category:{after.category_id}:*};
 * the syntax is described in the {@linkplain dev.invalidator.rules.template package documentation}. Immutable.
 */
public final class Template {

    private final String source;
    private final TargetKind kind;
    private final List<Segment> segments;
    private final List<Placeholder> placeholders;
    private final boolean canMatchEveryKey;

    private Template(String source, TargetKind kind, TemplateParser.Parsed parsed) {
        this.source = source;
        this.kind = kind;
        this.segments = parsed.segments();
        this.canMatchEveryKey = parsed.canMatchEveryKey();
        List<Placeholder> found = new ArrayList<>();
        for (Segment segment : segments) {
            if (segment instanceof Placeholder placeholder) {
                found.add(placeholder);
            }
        }
        this.placeholders = List.copyOf(found);
    }

    /**
     * Compiles a template once, when the rules load.
     *
     * @throws TemplateSyntaxException when {@code source} is not a template; it says what is wrong and at which offset
     */
    public static Template compile(String source, TargetKind kind) throws TemplateSyntaxException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        return new Template(source, kind, TemplateParser.parse(source, kind));
    }

    /** The template as written. */
    public String source() {
        return source;
    }

    public TargetKind kind() {
        return kind;
    }

    /** The placeholders in the order written, so the loader can check which columns and images rules read. */
    public List<Placeholder> placeholders() {
        return placeholders;
    }

    /**
     * True for a pattern that matches every key for some row values: its literal text is only {@code *} and
     * {@code ?} wildcards, as in {@code *}, {@code **} or {@code {prefix}*} (an empty prefix leaves {@code *}).
     * Always false for keys. It catches the shapes people write, not every glob that happens to match all keys.
     */
    public boolean canMatchEveryKey() {
        return canMatchEveryKey;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + " " + source;
    }
}
