package dev.invalidator.rules.template;

import dev.invalidator.schemas.change.Operation;

/** Which image a placeholder asked for; {@link #DEFAULT} is decided per event by its operation. */
public enum ImageSelector {
    /** {@code {col}}: the after-image, or the before-image on delete, where there is no after-image. */
    DEFAULT,
    /** {@code {before.col}}. */
    BEFORE,
    /** {@code {after.col}}. */
    AFTER;

    /** The image this selector reads for an event with the given operation. */
    public Image imageFor(Operation op) {
        return switch (this) {
            case BEFORE -> Image.BEFORE;
            case AFTER -> Image.AFTER;
            case DEFAULT -> op == Operation.DELETE ? Image.BEFORE : Image.AFTER;
        };
    }
}
