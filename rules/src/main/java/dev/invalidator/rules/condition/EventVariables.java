package dev.invalidator.rules.condition;

import dev.cel.common.values.NullValue;
import dev.cel.runtime.CelVariableResolver;
import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.Operation;
import dev.invalidator.schemas.change.RowImage;
import dev.invalidator.schemas.change.SourcePosition;
import dev.invalidator.schemas.change.TableId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The variables a condition sees for one event, each built the first time a condition reads it and then kept
 * for the other conditions of the same event: most conditions read one or two of them, and converting a row
 * costs more than evaluating a comparison. Not thread-safe; one event, one thread.
 */
final class EventVariables implements CelVariableResolver {

    static final String BEFORE = "before";
    static final String AFTER = "after";
    static final String OP = "op";
    static final String TABLE = "table";
    static final String SOURCE = "source";
    /** Carries the event to {@code changed()}; '@' cannot be written in CEL source, so no condition can name it. */
    static final String EVENT = "@event";

    private final ChangeEvent event;
    private final Set<String> untrustedBeforeColumns;
    // Each null until a condition first reads it; kept as Optional because that is what the resolver returns.
    private Optional<Object> before;
    private Optional<Object> after;
    private Optional<Object> op;
    private Optional<Object> table;
    private Optional<Object> source;
    private final Optional<Object> self = Optional.of(this);

    EventVariables(ChangeEvent event, Set<String> untrustedBeforeColumns) {
        this.event = event;
        this.untrustedBeforeColumns = untrustedBeforeColumns;
    }

    ChangeEvent event() {
        return event;
    }

    /** Before-image columns holding filler, not the row's values; see {@link ConditionInput#of(ChangeEvent, Set)}. */
    Set<String> untrustedBeforeColumns() {
        return untrustedBeforeColumns;
    }

    @Override
    public Optional<Object> find(String name) {
        switch (name) {
            case AFTER:
                if (after == null) {
                    after = Optional.of(after());
                }
                return after;
            case BEFORE:
                if (before == null) {
                    before = Optional.of(before());
                }
                return before;
            case OP:
                if (op == null) {
                    op = Optional.of(OpNames.of(event.op()));
                }
                return op;
            case EVENT:
                return self;
            case TABLE:
                if (table == null) {
                    table = Optional.of(event.table().qualifiedName());
                }
                return table;
            case SOURCE:
                if (source == null) {
                    source = Optional.of(source());
                }
                return source;
            default:
                return Optional.empty();
        }
    }

    /** The row after the change; on a delete, every column the event names, each null: the row is gone. */
    private Map<String, Object> after() {
        if (event.after() != null) {
            return new RowView(event.after().columns());
        }
        return event.op() == Operation.DELETE ? CelValues.nullRow(imagesPresent()) : Map.of();
    }

    /**
     * The row before the change; on a create or snapshot read, every column the event names, each null: there was
     * no row. An update without a before image (PostgreSQL without REPLICA IDENTITY FULL) gets an empty map: the
     * old values are unknown, so reading one is an error rather than a guess.
     */
    private Map<String, Object> before() {
        if (event.before() != null) {
            return new RowView(event.before().columns());
        }
        Operation op = event.op();
        return op == Operation.CREATE || op == Operation.READ ? CelValues.nullRow(imagesPresent()) : Map.of();
    }

    private List<RowImage> imagesPresent() {
        List<RowImage> images = new ArrayList<>(3);
        for (RowImage image : new RowImage[] {event.before(), event.after(), event.key()}) {
            if (image != null) {
                images.add(image);
            }
        }
        return images;
    }

    /** Debezium's {@code source} block, with Debezium's field names, as far as the event kept it. */
    private Map<String, Object> source() {
        TableId table = event.table();
        Map<String, Object> source = new HashMap<>(16);
        source.put("connector", orNull(event.connector()));
        source.put("name", table.topicPrefix());
        source.put("db", orNull(table.database()));
        source.put("schema", orNull(table.schema()));
        source.put("table", table.table());
        source.put("snapshot", event.snapshot());
        SourcePosition position = event.position();
        if (position instanceof SourcePosition.Postgres pg) {
            source.put("lsn", pg.lsn());
            source.put("txId", orNull(pg.txId()));
        } else if (position instanceof SourcePosition.Binlog binlog) {
            source.put("file", binlog.file());
            source.put("pos", binlog.position());
            source.put("row", (long) binlog.row());
            source.put("gtid", orNull(binlog.gtid()));
            source.put("server_id", binlog.serverId());
        }
        return source;
    }

    private static Object orNull(Object value) {
        return value == null ? NullValue.NULL_VALUE : value;
    }
}
