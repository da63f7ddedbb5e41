package dev.invalidator.rules.template;

import java.util.Objects;

/** A template rendered against one change event: the target, or why there is none. */
public sealed interface RenderResult {

    /**
     * The target to invalidate.
     *
     * @param target a key as is, or a Redis glob with every substituted value escaped
     */
    record Rendered(String target) implements RenderResult {
        public Rendered {
            Objects.requireNonNull(target, "target");
        }
    }

    /**
     * The target was not rendered; when several placeholders are unusable, the first one is reported.
     *
     * @param reason why the placeholder has no usable value
     * @param column the placeholder's column
     * @param image  the image the value was read from (for {@code {col}}, the one the operation selected)
     */
    record Skipped(SkipReason reason, String column, Image image) implements RenderResult {
        public Skipped {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(image, "image");
        }

        /** For people: {@code before.sku: the table's before-images are true only for key columns}. */
        public String explanation() {
            return image.prefix() + "." + column + ": " + reason.description();
        }
    }
}
