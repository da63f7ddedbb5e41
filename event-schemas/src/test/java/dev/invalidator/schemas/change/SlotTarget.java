package dev.invalidator.schemas.change;

import dev.invalidator.schemas.change.JsonDocument.Slot;
import dev.invalidator.schemas.change.RecordBytes.Side;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Where in a document a tree mutation aims. Picking uniformly among all nodes would spend most tries on the long
 * schema block of enveloped records; aiming lets every kind of part get its share: the envelope's own fields, the
 * column values, the schema, numbers, containers.
 */
enum SlotTarget {

    /** Any node, the root included. */
    ANY,
    /** A member the reader looks up by name: {@code op}, {@code source}, {@code lsn}, {@code scale}, ... */
    ENVELOPE_FIELD,
    /** A column value of the before or after image, or of the key. */
    COLUMN_VALUE,
    /** A part of the {@code schema} block: field schemas, types, names, parameters. */
    SCHEMA_PART,
    /** A number anywhere. */
    NUMBER,
    /** An object or array anywhere. */
    CONTAINER;

    private static final Set<String> ENVELOPE_FIELDS = Set.of(
            "schema", "payload", "before", "after", "source", "transaction", "op", "ts_ms", "ts_us", "ts_ns",
            "version", "connector", "name", "db", "table", "snapshot", "lsn", "txId", "xmin", "sequence",
            "file", "pos", "row", "server_id", "gtid", "thread", "status", "id", "event_count", "data_collections",
            "data_collection", "total_order", "data_collection_order",
            "type", "fields", "field", "optional", "parameters", "scale", "value", "items", "default");

    private static final Pattern VALUE_COLUMN = Pattern.compile("^(/payload)?/(before|after)/[^/]+$");
    private static final Pattern KEY_COLUMN = Pattern.compile("^(/payload)?/[^/]+$");

    boolean matches(Slot slot, Side side) {
        return switch (this) {
            case ANY -> true;
            case ENVELOPE_FIELD -> slot.isMember() && ENVELOPE_FIELDS.contains(slot.field());
            case COLUMN_VALUE -> side == Side.VALUE
                    ? VALUE_COLUMN.matcher(slot.pointer()).matches()
                    : KEY_COLUMN.matcher(slot.pointer()).matches()
                            && !slot.pointer().equals("/schema") && !slot.pointer().equals("/payload");
            case SCHEMA_PART -> slot.pointer().startsWith("/schema/");
            case NUMBER -> slot.value().isNumber();
            case CONTAINER -> slot.value().isContainerNode();
        };
    }

    /**
     * One of the slots that {@code fits} the mutation, preferring those this target aims at; empty when no slot fits.
     * When the document has nothing this target aims at (a key has no schema), any fitting slot will do.
     */
    Optional<Slot> choose(List<Slot> slots, Side side, Predicate<Slot> fits, int pick) {
        List<Slot> fitting = slots.stream().filter(fits).toList();
        List<Slot> aimed = fitting.stream().filter(slot -> matches(slot, side)).toList();
        List<Slot> from = aimed.isEmpty() ? fitting : aimed;
        return from.isEmpty() ? Optional.empty() : Optional.of(from.get(Math.floorMod(pick, from.size())));
    }
}
