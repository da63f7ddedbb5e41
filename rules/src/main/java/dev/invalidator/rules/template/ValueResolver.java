package dev.invalidator.rules.template;

import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.ColumnValue;
import dev.invalidator.schemas.change.RowImage;

/** Finds the text a placeholder stands for in one event, or the reason there is none. */
final class ValueResolver {

    private ValueResolver() {
    }

    /**
     * The placeholder's value as {@link RenderResult.Rendered} text (not yet escaped), or why it cannot be used.
     * Checks run from the coarsest fact to the finest, so a misspelt column reads as missing rather than partial.
     */
    static RenderResult resolve(Placeholder placeholder, ChangeEvent event, BeforeImagePolicy policy) {
        String column = placeholder.column();
        Image image = placeholder.selector().imageFor(event.op());
        RowImage row = image == Image.BEFORE ? event.before() : event.after();
        if (row == null) {
            return new RenderResult.Skipped(SkipReason.IMAGE_MISSING, column, image);
        }
        ColumnValue value = row.columns().get(column);
        if (value == null) {
            return new RenderResult.Skipped(SkipReason.COLUMN_MISSING, column, image);
        }
        if (image == Image.BEFORE && !policy.trusts(event, column)) {
            return new RenderResult.Skipped(SkipReason.BEFORE_IMAGE_PARTIAL, column, image);
        }
        if (value instanceof ColumnValue.Known known) {
            return new RenderResult.Rendered(known.render());
        }
        if (value instanceof ColumnValue.Null) {
            return new RenderResult.Skipped(SkipReason.NULL, column, image);
        }
        if (value instanceof ColumnValue.Unavailable) {
            return new RenderResult.Skipped(SkipReason.UNAVAILABLE, column, image);
        }
        // ColumnValue is sealed: Undecodable is all that is left.
        return new RenderResult.Skipped(SkipReason.UNDECODABLE, column, image);
    }
}
