package dev.invalidator.rules.template;

import dev.invalidator.schemas.change.ChangeEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A compiled target of a rule, such as {@code product:sku:{before.sku}} or {@code category:{after.category_id}:*};
 * the syntax is described in the {@linkplain dev.invalidator.rules.template package documentation}. Immutable, and
 * safe to render from many threads.
 */
public final class Template {

    private final String source;
    private final TargetKind kind;
    private final List<Segment> segments;
    private final List<Placeholder> placeholders;
    private final boolean canMatchEveryKey;
    private final int literalLength;

    private Template(String source, TargetKind kind, TemplateParser.Parsed parsed) {
        this.source = source;
        this.kind = kind;
        this.segments = parsed.segments();
        this.canMatchEveryKey = parsed.canMatchEveryKey();
        List<Placeholder> found = new ArrayList<>();
        int length = 0;
        for (Segment segment : segments) {
            if (segment instanceof Placeholder placeholder) {
                found.add(placeholder);
            } else {
                length += ((Literal) segment).text().length();
            }
        }
        this.placeholders = List.copyOf(found);
        this.literalLength = length;
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

    /**
     * Renders the target for one change event.
     *
     * @param beforeImages which before-image columns of the event's table hold the row's real values
     * @return the target, or the first placeholder without a usable value
     */
    public RenderResult render(ChangeEvent event, BeforeImagePolicy beforeImages) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(beforeImages, "beforeImages");
        StringBuilder out = new StringBuilder(literalLength + 16 * placeholders.size());
        for (Segment segment : segments) {
            if (segment instanceof Literal literal) {
                out.append(literal.text());
                continue;
            }
            RenderResult value = ValueResolver.resolve((Placeholder) segment, event, beforeImages);
            if (value instanceof RenderResult.Skipped) {
                return value;
            }
            String text = ((RenderResult.Rendered) value).target();
            if (kind == TargetKind.PATTERN) {
                GlobEscape.append(text, out);
            } else {
                out.append(text);
            }
        }
        return new RenderResult.Rendered(out.toString());
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + " " + source;
    }
}
