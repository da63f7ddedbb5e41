package dev.invalidator.rules.template;

/** Which row image of a change event a value is read from. */
public enum Image {
    BEFORE("before"),
    AFTER("after");

    private final String prefix;

    Image(String prefix) {
        this.prefix = prefix;
    }

    /** The word a template writes before the column, as in {@code {before.sku}}. */
    public String prefix() {
        return prefix;
    }
}
