package dev.invalidator.rules.template;

import java.util.Objects;

/**
 * One {@code {...}} of a template.
 *
 * @param selector which image the value is read from
 * @param column   the column name, exactly as written
 * @param offset   where the placeholder's {@code {} sits in the template, as a {@link String} index; the loader adds
 *                 it to the template's position in the rule file to point warnings at it
 */
public record Placeholder(ImageSelector selector, String column, int offset) implements Segment {

    public Placeholder {
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(column, "column");
    }

    @Override
    public String toString() {
        return switch (selector) {
            case DEFAULT -> "{" + column + "}";
            case BEFORE -> "{before." + column + "}";
            case AFTER -> "{after." + column + "}";
        };
    }
}
