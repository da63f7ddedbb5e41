package dev.invalidator.schemas.change;

import dev.invalidator.schemas.change.JsonDocument.Slot;
import dev.invalidator.schemas.change.RecordBytes.Side;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Mutations on the parsed JSON of a key or value: they keep the rest of the record intact, so the reader gets past
 * parsing and meets the damage where it interprets the envelope. A record that no longer parses (after an earlier
 * mutation in a stack) passes through unchanged.
 */
final class TreeMutations {

    private TreeMutations() {
    }

    /** A field, column value or schema part replaced by a value of another JSON type. */
    record WrongType(Side side, SlotTarget target, int slotPick, int valuePick) implements Mutation {
        @Override
        public String kind() {
            return "wrong type";
        }

        @Override
        public RecordBytes apply(RecordBytes record) {
            return edit(record, side, target, slotPick, slot -> true,
                    (document, slot) -> document.replace(slot, JsonLiterals.otherTypeThan(slot.value(), valuePick)));
        }
    }

    /** A member added to an object at any level, the root, the source block, a schema field entry, parameters. */
    record ExtraField(Side side, SlotTarget target, int slotPick, String name, int valuePick) implements Mutation {
        @Override
        public String kind() {
            return "extra field";
        }

        @Override
        public RecordBytes apply(RecordBytes record) {
            return edit(record, side, target, slotPick, slot -> slot.value().isObject(),
                    (document, slot) -> document.addMember(slot, name, JsonLiterals.any(valuePick)));
        }
    }

    /** A member or array element removed: a required field, a schema field entry, {@code parameters.scale}. */
    record MissingField(Side side, SlotTarget target, int slotPick) implements Mutation {
        @Override
        public String kind() {
            return "missing field";
        }

        @Override
        public RecordBytes apply(RecordBytes record) {
            return edit(record, side, target, slotPick, slot -> !slot.isRoot(), JsonDocument::remove);
        }
    }

    /** A value replaced by a number no long, int or double holds. */
    record HugeNumber(Side side, SlotTarget target, int slotPick, String number) implements Mutation {
        @Override
        public String kind() {
            return "huge number";
        }

        @Override
        public RecordBytes apply(RecordBytes record) {
            return edit(record, side, target, slotPick, slot -> true, (document, slot) -> document.replace(slot, number));
        }
    }

    /** A value replaced by hundreds to 100,000 levels of arrays or objects. */
    record DeepNesting(Side side, SlotTarget target, int slotPick, int depth, JsonLiterals.Nesting shape)
            implements Mutation {
        @Override
        public String kind() {
            return "deep nesting";
        }

        @Override
        public RecordBytes apply(RecordBytes record) {
            return edit(record, side, target, slotPick, slot -> true,
                    (document, slot) -> document.replace(slot, shape.build(depth)));
        }
    }

    /** A value replaced by {@code []} or {@code {}}: no fields, no columns, no data collections. */
    record EmptyContainer(Side side, SlotTarget target, int slotPick, boolean array) implements Mutation {
        @Override
        public String kind() {
            return "empty container";
        }

        @Override
        public RecordBytes apply(RecordBytes record) {
            return edit(record, side, target, slotPick, slot -> true,
                    (document, slot) -> document.replace(slot, array ? "[]" : "{}"));
        }
    }

    /** What the second copy of a duplicated member holds. */
    enum DuplicateValue { SAME, OTHER_TYPE, NULL }

    /** A member that appears twice in its object, the copy first or last. */
    record DuplicateKey(Side side, SlotTarget target, int slotPick, DuplicateValue copy, int valuePick, boolean copyFirst)
            implements Mutation {
        @Override
        public String kind() {
            return "duplicate key";
        }

        @Override
        public RecordBytes apply(RecordBytes record) {
            return edit(record, side, target, slotPick, Slot::isMember, (document, slot) -> {
                String raw = switch (copy) {
                    case SAME -> JsonDocument.text(slot);
                    case OTHER_TYPE -> JsonLiterals.otherTypeThan(slot.value(), valuePick);
                    case NULL -> "null";
                };
                return document.duplicateMember(slot, raw, copyFirst);
            });
        }
    }

    /** What a tree mutation does to the slot it chose; returns the document's new bytes. */
    interface Edit {
        byte[] apply(JsonDocument document, Slot slot);
    }

    private static RecordBytes edit(RecordBytes record, Side side, SlotTarget target, int slotPick,
            Predicate<Slot> fits, Edit edit) {
        Side present = record.present(side);
        Optional<JsonDocument> parsed = JsonDocument.parse(record.get(present));
        if (parsed.isEmpty()) {
            return record;
        }
        JsonDocument document = parsed.get();
        return target.choose(document.slots(), present, fits, slotPick)
                .map(slot -> record.with(present, edit.apply(document, slot)))
                .orElse(record);
    }
}
