package dev.invalidator.schemas.golden;

import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.ChangeEventReader;
import dev.invalidator.schemas.change.ColumnValue;
import dev.invalidator.schemas.change.ColumnValue.Bool;
import dev.invalidator.schemas.change.ColumnValue.Date;
import dev.invalidator.schemas.change.ColumnValue.Decimal;
import dev.invalidator.schemas.change.ColumnValue.Int;
import dev.invalidator.schemas.change.ColumnValue.Null;
import dev.invalidator.schemas.change.ColumnValue.Text;
import dev.invalidator.schemas.change.ColumnValue.Time;
import dev.invalidator.schemas.change.ColumnValue.Timestamp;
import dev.invalidator.schemas.change.ColumnValue.Unavailable;
import dev.invalidator.schemas.change.ColumnValue.Undecodable;
import dev.invalidator.schemas.change.ColumnValue.Uuid;
import dev.invalidator.schemas.change.ColumnValue.ZonedTimestamp;
import dev.invalidator.schemas.change.Operation;
import dev.invalidator.schemas.change.ReadResult;
import dev.invalidator.schemas.change.RowImage;
import dev.invalidator.schemas.change.SourcePosition;
import dev.invalidator.schemas.change.TableId;
import dev.invalidator.schemas.change.Tombstone;
import dev.invalidator.schemas.change.TransactionMarker;
import dev.invalidator.schemas.change.TransactionRef;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * What {@link ChangeEventReader} makes of the committed golden samples, records Debezium really emitted: table,
 * op, row images with the right {@link ColumnValue} types and values, key, position, commit time, tombstones and
 * transaction markers.
 */
class GoldenSamplesTest {

    private static final ChangeEventReader READER = ChangeEventReader.builder().build();

    private static final TableId PG_CUSTOMERS = new TableId("pg", "postgres", "inv", "customers");
    private static final UUID TENANT = UUID.fromString("6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b");

    // ------------------------------------------------------------------------------------------------ PostgreSQL

    @Test
    void pgSnapshotRead_givesSnapshotReadsThenAStreamedCreate() {
        List<ReadResult> results = read("postgres", "pg-snapshot-read");
        List<ChangeEvent> events = changes(results);

        assertThat(events).extracting(ChangeEvent::op)
                .containsExactly(Operation.READ, Operation.READ, Operation.CREATE);
        assertThat(events).extracting(ChangeEvent::snapshot).containsExactly(true, true, false);
        assertThat(events).extracting(ChangeEvent::table)
                .containsOnly(new TableId("pg", "postgres", "inv", "products"));
        assertThat(events.get(0).after().columns()).containsExactly(
                entry("id", new Int(1)),
                entry("sku", new Text("SKU-001")),
                entry("price", decimal("9.99")),
                entry("launched", new Date(LocalDate.of(2023, 1, 15))));
        assertThat(events.get(1).after().columns()).containsEntry("price", decimal("120.00"))
                .containsEntry("launched", new Null());
        assertThat(events.get(2).after().columns()).containsEntry("id", new Int(3))
                .containsEntry("price", decimal("0.50"));
        assertThat(events).allSatisfy(e -> assertThat(e.before()).isNull());
        assertThat(events).extracting(e -> e.key().columns())
                .containsExactly(Map.of("id", new Int(1)), Map.of("id", new Int(2)), Map.of("id", new Int(3)));
        // Both snapshot reads sit at the snapshot's one position; the streamed change after it.
        SourcePosition.Postgres first = pg(events.get(0));
        assertThat(pg(events.get(1))).isEqualTo(first);
        assertThat(pg(events.get(2)).lsn()).isGreaterThan(first.lsn());
        assertThat(pg(events.get(2)).txId()).isGreaterThan(first.txId());
    }

    @Test
    void pgDefaultIdentityWithSchemas_createUpdateDeleteTombstoneDecode() {
        assertDefaultIdentityChanges("pg-default-identity-schemas-on");
    }

    @Test
    void pgDefaultIdentityWithoutSchemas_decodesTheSameAsWithSchemas() {
        List<ReadResult> results = assertDefaultIdentityChanges("pg-default-identity-schemas-off");
        List<ReadResult> withSchemas = read("postgres", "pg-default-identity-schemas-on");
        for (int i = 0; i < 3; i++) {
            ChangeEvent off = (ChangeEvent) results.get(i);
            ChangeEvent on = (ChangeEvent) withSchemas.get(i);
            assertThat(off.before()).isEqualTo(on.before());
            assertThat(off.after()).isEqualTo(on.after());
            assertThat(off.key()).isEqualTo(on.key());
        }
    }

    private static List<ReadResult> assertDefaultIdentityChanges(String scenario) {
        List<ReadResult> results = read("postgres", scenario);
        assertThat(kinds(results)).containsExactly("c", "u", "d", "tombstone");
        ChangeEvent create = (ChangeEvent) results.get(0);
        ChangeEvent update = (ChangeEvent) results.get(1);
        ChangeEvent delete = (ChangeEvent) results.get(2);

        assertThat(create.table()).isEqualTo(PG_CUSTOMERS);
        assertThat(create.table().qualifiedName()).isEqualTo("pg.inv.customers");
        assertThat(create.connector()).isEqualTo("postgresql");
        assertThat(create.before()).isNull();
        assertThat(create.after().columns()).containsExactly(
                entry("id", new Int(1)),
                entry("name", new Text("Ada Lovelace")),
                entry("email", new Text("ada@example.com")),
                entry("active", new Bool(true)));
        assertThat(create.key().columns()).containsExactly(entry("id", new Int(1)));

        // REPLICA IDENTITY DEFAULT: PostgreSQL logs no old row for an update that keeps the key.
        assertThat(update.op()).isEqualTo(Operation.UPDATE);
        assertThat(update.before()).isNull();
        assertThat(update.after().columns()).containsEntry("email", new Text("ada@analytical.engine"));

        assertThat(delete.op()).isEqualTo(Operation.DELETE);
        assertThat(delete.after()).isNull();
        assertThat(delete.before().columns()).containsEntry("id", new Int(1));
        assertThat(delete.key().columns()).containsExactly(entry("id", new Int(1)));

        Tombstone tombstone = (Tombstone) results.get(3);
        assertThat(tombstone.key().columns()).containsExactly(entry("id", new Int(1)));

        // One transaction per statement, in commit order.
        List<SourcePosition.Postgres> positions = List.of(pg(create), pg(update), pg(delete));
        assertThat(positions).extracting(SourcePosition.Postgres::lsn).isSorted().doesNotHaveDuplicates();
        assertThat(positions).extracting(SourcePosition.Postgres::txId).isSorted().doesNotHaveDuplicates();
        for (ChangeEvent e : List.of(create, update, delete)) {
            assertThat(e.snapshot()).isFalse();
            assertThat(e.transaction()).isNull();
            assertThat(e.commitTime()).isNotNull().isBeforeOrEqualTo(e.processedAt());
            assertThat(e.coordinates().topic()).isEqualTo("pg.inv.customers");
        }
        assertThat(create.commitTime()).isBeforeOrEqualTo(update.commitTime());
        // source.ts_us is the commit time, to the microsecond.
        assertThat(create.commitTime()).isEqualTo(sourceMicros(GoldenSamples.load("postgres", scenario).get(0)));
        return results;
    }

    /**
     * Under REPLICA IDENTITY DEFAULT PostgreSQL logs only the key of a deleted row. Debezium still writes every
     * column in {@code before}: NOT NULL text as {@code ""}, a NOT NULL column with a default as that default,
     * nullable columns as null. Only the key columns are data; this pins what the reader returns for the rest.
     */
    @Test
    void pgDefaultIdentityDelete_nonKeyColumnsAreDebeziumFillersNotTheRow() {
        ChangeEvent delete = (ChangeEvent) read("postgres", "pg-default-identity-schemas-on").get(2);
        assertThat(delete.before().columns()).containsExactly(
                entry("id", new Int(1)),
                entry("name", new Text("")),          // the row had 'Ada Lovelace'
                entry("email", new Null()),           // the row had 'ada@analytical.engine'
                entry("active", new Bool(true)));     // the column default, not read from the row
    }

    @Test
    void pgFullIdentity_updateAndDeleteCarryTheWholeOldRow() {
        List<ReadResult> results = read("postgres", "pg-full-identity-schemas-on");
        assertThat(kinds(results)).containsExactly("c", "u", "d", "tombstone");
        ChangeEvent update = (ChangeEvent) results.get(1);
        ChangeEvent delete = (ChangeEvent) results.get(2);
        assertThat(update.before().columns()).containsExactly(
                entry("id", new Int(1)),
                entry("name", new Text("Ada Lovelace")),
                entry("email", new Text("ada@example.com")),
                entry("active", new Bool(true)));
        assertThat(update.after().columns()).containsEntry("email", new Text("ada@analytical.engine"));
        assertThat(delete.before().columns()).containsExactly(
                entry("id", new Int(1)),
                entry("name", new Text("Ada Lovelace")),
                entry("email", new Text("ada@analytical.engine")),
                entry("active", new Bool(true)));
    }

    @Test
    void pgCompositeKey_keyHoldsBothColumnsWithTheirTypes() {
        List<ReadResult> results = read("postgres", "pg-composite-key");
        assertThat(kinds(results)).containsExactly("c", "u", "d", "tombstone");
        Map<String, ColumnValue> key = Map.of("tenant_id", new Uuid(TENANT), "order_no", new Int(42));
        for (int i = 0; i < 3; i++) {
            assertThat(((ChangeEvent) results.get(i)).key().columns()).containsExactlyEntriesOf(
                    ordered("tenant_id", new Uuid(TENANT), "order_no", new Int(42)));
        }
        assertThat(((Tombstone) results.get(3)).key().columns()).isEqualTo(key);
        ChangeEvent create = (ChangeEvent) results.get(0);
        assertThat(create.after().columns()).containsExactly(
                entry("tenant_id", new Uuid(TENANT)),
                entry("order_no", new Int(42)),
                entry("quantity", new Int(1)),
                entry("note", new Text("first")));
        ChangeEvent delete = (ChangeEvent) results.get(2);
        // Both key columns are real; quantity is NOT NULL without default, so Debezium fills in 0.
        assertThat(delete.before().columns()).containsExactly(
                entry("tenant_id", new Uuid(TENANT)),
                entry("order_no", new Int(42)),
                entry("quantity", new Int(0)),
                entry("note", new Null()));
    }

    @Test
    void pgToastUnchanged_updateMarksTheUnsentBodyUnavailable() {
        List<ReadResult> results = read("postgres", "pg-toast-unchanged");
        String body = GoldenSampleRecorder.incompressibleText(4000, 20240229L);
        ChangeEvent create = (ChangeEvent) results.get(0);
        ChangeEvent update = (ChangeEvent) results.get(1);
        assertThat(create.after().columns()).containsEntry("body", new Text(body));
        assertThat(update.before()).isNull();
        assertThat(update.after().columns()).containsExactly(
                entry("id", new Int(1)),
                entry("title", new Text("final")),
                entry("body", new Unavailable()));
    }

    @Test
    void pgToastUnchangedFullIdentity_bodyIsCarriedFromTheOldRow() {
        List<ReadResult> results = read("postgres", "pg-toast-unchanged-full-identity");
        String body = GoldenSampleRecorder.incompressibleText(4000, 20240229L);
        ChangeEvent update = (ChangeEvent) results.get(1);
        assertThat(update.before().columns()).containsEntry("title", new Text("draft"))
                .containsEntry("body", new Text(body));
        assertThat(update.after().columns()).containsEntry("title", new Text("final"))
                .containsEntry("body", new Text(body));
    }

    @Test
    void pgDecimalPreciseWithSchemas_decodesExactDecimals() {
        List<ChangeEvent> events = changes(read("postgres", "pg-decimal-precise-schemas-on"));
        assertThat(events.get(0).after().columns()).containsExactly(
                entry("id", new Int(1)),
                entry("price", decimal("12.50")),
                entry("ratio", decimal("3.14159265358979323846264338327950288")));
        // VariableScaleDecimal carries the value's own scale: PostgreSQL's 100.000 arrives as scale 0.
        assertThat(events.get(1).after().columns()).containsExactly(
                entry("id", new Int(2)),
                entry("price", decimal("-0.05")),
                entry("ratio", decimal("100")));
        assertThat(events.get(2).after().columns()).containsExactly(
                entry("id", new Int(3)), entry("price", new Null()), entry("ratio", new Null()));
    }

    @Test
    void pgDecimalPreciseWithoutSchemas_variableScaleStructStillDecodes() {
        List<ChangeEvent> events = changes(read("postgres", "pg-decimal-precise-schemas-off"));
        assertThat(events.get(0).after().find("ratio")).contains(decimal("3.14159265358979323846264338327950288"));
        assertThat(events.get(1).after().find("ratio")).contains(decimal("100"));
    }

    /**
     * Without a schema, numeric(10,2) arrives as bare base64 ({@code "BOI="} for 12.50) and the scale is nowhere in
     * the record. Declared as a decimal whose scale is unknown, the value is {@link Undecodable}, never guessed.
     */
    @Test
    void pgDecimalPreciseWithoutSchemas_declaredDecimalWithoutScaleIsUndecodable() {
        ChangeEventReader reader = ChangeEventReader.builder()
                .columnSchema("pg.inv.prices", "price", "{\"type\":\"bytes\",\"name\":\"org.apache.kafka.connect.data.Decimal\"}")
                .columnSchema("pg.inv.column_types", "amount", "{\"type\":\"bytes\",\"name\":\"org.apache.kafka.connect.data.Decimal\"}")
                .build();
        List<ChangeEvent> prices = changes(read(reader, "postgres", "pg-decimal-precise-schemas-off"));
        assertThat(prices.get(0).after().find("price")).get().isInstanceOf(Undecodable.class);
        assertThat(prices.get(1).after().find("price")).get().isInstanceOf(Undecodable.class);
        List<ChangeEvent> types = changes(read(reader, "postgres", "pg-column-types-schemas-off"));
        assertThat(types.get(0).after().find("amount")).get().isInstanceOf(Undecodable.class);
    }

    /**
     * Undeclared, the base64 string cannot be told from a text column by anything in the record: it reads as the
     * text the JSON holds. This is why schemaless topics with precise decimals need their columns declared.
     */
    @Test
    void pgDecimalPreciseWithoutSchemas_undeclaredBytesReadAsTheJsonText() {
        List<ChangeEvent> prices = changes(read("postgres", "pg-decimal-precise-schemas-off"));
        assertThat(prices.get(0).after().find("price")).contains(new Text("BOI="));
    }

    @Test
    void pgDecimalPreciseWithoutSchemas_declaredColumnSchemaGivesTheDecimal() {
        ChangeEventReader reader = ChangeEventReader.builder()
                .columnSchema("pg.inv.prices", "price",
                        "{\"type\":\"bytes\",\"name\":\"org.apache.kafka.connect.data.Decimal\","
                                + "\"parameters\":{\"scale\":\"2\",\"connect.decimal.precision\":\"10\"}}")
                .build();
        List<ChangeEvent> events = changes(read(reader, "postgres", "pg-decimal-precise-schemas-off"));
        assertThat(events).extracting(e -> e.after().find("price").orElseThrow())
                .containsExactly(decimal("12.50"), decimal("-0.05"), new Null());
    }

    /** decimal.handling.mode=double: the schema says {@code "type":"double"}, the JsonConverter's name for FLOAT64. */
    @Test
    void pgDecimalDoubleWithSchemas_decodesTheNumbers() {
        List<ChangeEvent> events = changes(read("postgres", "pg-decimal-double-schemas-on"));
        assertThat(events.get(0).after().columns()).containsExactly(
                entry("id", new Int(1)),
                entry("price", decimal("12.5")),
                entry("ratio", decimal("3.141592653589793")));
        assertThat(events.get(1).after().columns()).containsExactly(
                entry("id", new Int(2)),
                entry("price", decimal("-0.05")),
                entry("ratio", decimal("100.0")));
    }

    @Test
    void pgDecimalStringMode_keepsTheDatabaseTextWithAndWithoutSchemas() {
        for (String scenario : List.of("pg-decimal-string-schemas-on", "pg-decimal-string-schemas-off")) {
            List<ChangeEvent> events = changes(read("postgres", scenario));
            assertThat(events.get(0).after().columns()).as(scenario).containsExactly(
                    entry("id", new Int(1)),
                    entry("price", new Text("12.50")),
                    entry("ratio", new Text("3.14159265358979323846264338327950288")));
            assertThat(events.get(1).after().columns()).as(scenario).containsExactly(
                    entry("id", new Int(2)),
                    entry("price", new Text("-0.05")),
                    entry("ratio", new Text("100.000")));
            assertThat(events.get(2).after().columns()).as(scenario)
                    .containsEntry("price", new Null()).containsEntry("ratio", new Null());
        }
    }

    @Test
    void pgColumnTypesWithSchemas_decodeToWhatTheDatabaseShows() {
        List<ChangeEvent> events = changes(read("postgres", "pg-column-types-schemas-on"));
        assertThat(events.get(0).after().columns()).containsExactly(
                entry("id", new Int(1)),
                entry("big", new Int(9007199254740993L)),
                entry("small", new Int(32767)),
                entry("name", new Text("Zoë \"quoted\" \\ back")),
                entry("code", new Text("AB-12")),
                entry("uid", new Uuid(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"))),
                entry("flag", new Bool(true)),
                entry("amount", decimal("12.50")),
                entry("day", new Date(LocalDate.of(2024, 2, 29))),
                entry("at", new Timestamp(LocalDateTime.of(2024, 2, 29, 13, 45, 30, 123_456_000))),
                entry("at_tz", new ZonedTimestamp(OffsetDateTime.parse("2024-02-29T11:45:30.123456Z"))),
                entry("t", new Time(LocalTime.of(13, 45, 30, 123_456_000))));
        assertThat(events.get(1).after().columns()).containsExactly(
                entry("id", new Int(2)),
                entry("big", new Int(Long.MIN_VALUE)),
                entry("small", new Int(-32768)),
                entry("name", new Text("")),
                entry("code", new Text("x")),
                entry("uid", new Uuid(new UUID(0, 0))),
                entry("flag", new Bool(false)),
                entry("amount", decimal("-0.01")),
                entry("day", new Date(LocalDate.of(1969, 12, 31))),
                entry("at", new Timestamp(LocalDateTime.of(1900, 1, 1, 0, 0))),
                entry("at_tz", new ZonedTimestamp(OffsetDateTime.parse("1970-01-01T00:00:00Z"))),
                entry("t", new Time(LocalTime.of(23, 59, 59, 999_999_000))));
        assertThat(events.get(2).after().columns()).hasSize(12)
                .containsEntry("id", new Int(3))
                .allSatisfy((column, value) -> {
                    if (!column.equals("id")) {
                        assertThat(value).as(column).isEqualTo(new Null());
                    }
                });
        assertThat(events.get(0).key().columns()).containsExactly(entry("id", new Int(1)));
        // All three rows came from one INSERT: one transaction, three positions.
        assertThat(events).extracting(e -> pg(e).txId()).containsOnly(pg(events.get(0)).txId());
        assertThat(events).extracting(e -> pg(e).lsn()).isSorted().doesNotHaveDuplicates();
    }

    /**
     * Without schemas only the JSON shape is left: what the JSON cannot say (uuid, day counts, micros) reads as text
     * or a number. These pin that; a table that needs them as dates declares column schemas.
     */
    @Test
    void pgColumnTypesWithoutSchemas_readByJsonShape() {
        List<ChangeEvent> events = changes(read("postgres", "pg-column-types-schemas-off"));
        assertThat(events.get(0).after().columns())
                .containsEntry("big", new Int(9007199254740993L))
                .containsEntry("name", new Text("Zoë \"quoted\" \\ back"))
                .containsEntry("uid", new Text("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"))
                .containsEntry("flag", new Bool(true))
                .containsEntry("day", new Int(19782))
                .containsEntry("at", new Int(1709214330123456L))
                .containsEntry("at_tz", new Text("2024-02-29T11:45:30.123456Z"))
                .containsEntry("t", new Int(49530123456L));
    }

    @Test
    void pgTransactionMetadata_markersFrameTheEventsOfEachTransaction() {
        List<ReadResult> results = read("postgres", "pg-transaction-metadata");
        assertThat(kinds(results)).containsExactly(
                "BEGIN", "c", "c", "c", "END", "BEGIN", "u", "d", "tombstone", "END");
        TransactionMarker begin = (TransactionMarker) results.get(0);
        TransactionMarker end = (TransactionMarker) results.get(4);
        assertThat(begin.eventCount()).isZero();
        assertThat(begin.eventsPerTable()).isEmpty();
        assertThat(begin.timestamp()).isNotNull();
        assertThat(end.eventCount()).isEqualTo(3);
        assertThat(end.eventsPerTable()).containsOnly(entry("inv.orders", 1L), entry("inv.order_items", 2L));
        assertThat(((TransactionMarker) results.get(9)).eventsPerTable())
                .containsOnly(entry("inv.orders", 1L), entry("inv.order_items", 1L));

        List<ChangeEvent> first = List.of((ChangeEvent) results.get(1), (ChangeEvent) results.get(2),
                (ChangeEvent) results.get(3));
        assertThat(first).extracting(e -> e.transaction().totalOrder()).containsExactly(1L, 2L, 3L);
        assertThat(first).extracting(e -> e.transaction().dataCollectionOrder()).containsExactly(1L, 1L, 2L);
        assertThat(first).extracting(e -> e.table().table()).containsExactly("orders", "order_items", "order_items");
        assertThat(first.get(1).key().columns()).containsExactly(entry("order_id", new Int(100)), entry("line_no", new Int(1)));

        // PostgreSQL ids are "<txId>:<lsn>" with each record's own LSN: only the txId part ties them together.
        long txId = pg(first.get(0)).txId();
        assertThat(begin.transactionId()).startsWith(txId + ":");
        assertThat(end.transactionId()).startsWith(txId + ":");
        assertThat(first).extracting(ChangeEvent::transaction).extracting(TransactionRef::id)
                .allSatisfy(id -> assertThat(id).startsWith(txId + ":"));
        assertThat(first.get(0).transaction().id()).isEqualTo(txId + ":" + pg(first.get(0)).lsn());
        assertThat(first.get(1).transaction().id()).isEqualTo(txId + ":" + pg(first.get(1)).lsn());

        ChangeEvent delete = (ChangeEvent) results.get(7);
        assertThat(delete.transaction().totalOrder()).isEqualTo(2);
        assertThat(((Tombstone) results.get(8)).key().columns())
                .containsExactly(entry("order_id", new Int(100)), entry("line_no", new Int(2)));
    }

    @Test
    void pgTruncate_isATableLevelChangeWithoutKeyOrImages() {
        List<ReadResult> results = read("postgres", "pg-truncate");
        ChangeEvent truncate = (ChangeEvent) results.get(1);
        assertThat(truncate.op()).isEqualTo(Operation.TRUNCATE);
        assertThat(truncate.table()).isEqualTo(new TableId("pg", "postgres", "inv", "audit_log"));
        assertThat(truncate.key()).isNull();
        assertThat(truncate.before()).isNull();
        assertThat(truncate.after()).isNull();
        assertThat(pg(truncate).lsn()).isGreaterThan(pg((ChangeEvent) results.get(0)).lsn());
    }

    @Test
    void pgPrimaryKeyChange_isDeleteTombstoneCreateWithKeyHeaders() {
        List<GoldenRecord> records = GoldenSamples.load("postgres", "pg-primary-key-change");
        List<ReadResult> results = read("postgres", "pg-primary-key-change");
        assertThat(kinds(results)).containsExactly("c", "d", "tombstone", "c");
        ChangeEvent delete = (ChangeEvent) results.get(1);
        ChangeEvent create = (ChangeEvent) results.get(3);
        assertThat(delete.key().columns()).containsExactly(entry("id", new Int(1)));
        assertThat(delete.before().columns()).containsEntry("id", new Int(1));
        assertThat(create.key().columns()).containsExactly(entry("id", new Int(2)));
        assertThat(create.after().columns()).containsExactly(entry("id", new Int(2)), entry("owner", new Text("ada")));
        // Both halves come from the one UPDATE.
        assertThat(pg(create)).isEqualTo(pg(delete));
        assertThat(headerKey(records.get(1), "__debezium.newkey")).containsExactly(entry("id", new Int(2)));
        assertThat(headerKey(records.get(2), "__debezium.newkey")).containsExactly(entry("id", new Int(2)));
        assertThat(headerKey(records.get(3), "__debezium.oldkey")).containsExactly(entry("id", new Int(1)));
    }

    // ------------------------------------------------------------------------------------------------ MariaDB

    @Test
    void mariadbSnapshotRead_givesSnapshotReadsWithoutGtidThenAStreamedCreate() {
        List<ChangeEvent> events = changes(read("mariadb", "mariadb-snapshot-read"));
        assertThat(events).extracting(ChangeEvent::op)
                .containsExactly(Operation.READ, Operation.READ, Operation.CREATE);
        assertThat(events).extracting(ChangeEvent::snapshot).containsExactly(true, true, false);
        assertThat(events.get(0).table()).isEqualTo(new TableId("maria", "shop", null, "products"));
        assertThat(events.get(0).table().qualifiedName()).isEqualTo("maria.shop.products");
        assertThat(events.get(0).connector()).isEqualTo("mariadb");
        assertThat(events.get(0).after().columns()).containsExactly(
                entry("id", new Int(1)),
                entry("sku", new Text("SKU-001")),
                entry("price", decimal("9.99")),
                entry("launched", new Date(LocalDate.of(2023, 1, 15))));
        SourcePosition.Binlog snapshot = binlog(events.get(0));
        assertThat(snapshot.gtid()).isNull();
        assertThat(snapshot.serverId()).isZero();
        assertThat(snapshot.file()).startsWith("binlog.");
        SourcePosition.Binlog streamed = binlog(events.get(2));
        assertThat(streamed.gtid()).matches("0-1-\\d+");
        assertThat(streamed.serverId()).isEqualTo(1);
        assertThat(streamed.position()).isGreaterThan(snapshot.position());
    }

    @Test
    void mariadbOpsWithSchemas_decodeEveryColumnType() {
        List<ReadResult> results = read("mariadb", "mariadb-ops-schemas-on");
        assertThat(kinds(results)).containsExactly("c", "u", "d", "tombstone");
        ChangeEvent create = (ChangeEvent) results.get(0);
        ChangeEvent update = (ChangeEvent) results.get(1);
        ChangeEvent delete = (ChangeEvent) results.get(2);
        Map<String, ColumnValue> inserted = ordered(
                "id", new Int(1),
                "name", new Text("Ada"),
                "active", new Int(1), // TINYINT(1) is a small integer to Debezium, not a boolean
                "points", new Int(9007199254740993L),
                "balance", decimal("12.50"),
                "birthday", new Date(LocalDate.of(1815, 12, 10)),
                "created_at", new Timestamp(LocalDateTime.of(2024, 2, 29, 13, 45, 30)),
                "updated_at", new Timestamp(LocalDateTime.of(2024, 2, 29, 13, 45, 30, 123_456_000)),
                "last_seen", new ZonedTimestamp(OffsetDateTime.parse("2024-02-29T13:45:30.123Z")));
        assertThat(create.after().columns()).containsExactlyEntriesOf(inserted);
        assertThat(create.before()).isNull();

        // binlog_row_image=FULL: every update and delete carries the whole old row.
        assertThat(update.before().columns()).containsExactlyEntriesOf(inserted);
        assertThat(update.after().columns())
                .containsEntry("name", new Text("Ada Lovelace"))
                .containsEntry("active", new Int(0))
                .containsEntry("points", new Null())
                .containsEntry("balance", decimal("-0.05"))
                .containsEntry("birthday", new Date(LocalDate.of(1815, 12, 10)));
        assertThat(delete.before()).isEqualTo(update.after());
        assertThat(delete.after()).isNull();
        assertThat(((Tombstone) results.get(3)).key().columns()).containsExactly(entry("id", new Int(1)));

        for (ChangeEvent e : List.of(create, update, delete)) {
            assertThat(e.table()).isEqualTo(new TableId("maria", "shop", null, "customers"));
            assertThat(e.key().columns()).containsExactly(entry("id", new Int(1)));
            SourcePosition.Binlog position = binlog(e);
            assertThat(position.file()).startsWith("binlog.");
            assertThat(position.gtid()).matches("0-1-\\d+");
            assertThat(position.serverId()).isEqualTo(1);
            assertThat(position.row()).isZero();
            // MariaDB's binlog timestamps have whole seconds.
            assertThat(e.commitTime()).isNotNull();
            assertThat(e.commitTime().getNano()).isZero();
        }
        assertThat(List.of(create, update, delete)).extracting(e -> binlog(e).position())
                .isSorted().doesNotHaveDuplicates();
    }

    @Test
    void mariadbOpsWithoutSchemas_readByJsonShape() {
        List<ChangeEvent> events = changes(read("mariadb", "mariadb-ops-schemas-off"));
        assertThat(events.get(0).after().columns())
                .containsEntry("id", new Int(1))
                .containsEntry("name", new Text("Ada"))
                .containsEntry("active", new Int(1))
                .containsEntry("points", new Int(9007199254740993L))
                .containsEntry("birthday", new Int(-56270))            // days since 1970
                .containsEntry("created_at", new Int(1709214330000L))  // DATETIME: milliseconds
                .containsEntry("updated_at", new Int(1709214330123456L)) // DATETIME(6): microseconds
                .containsEntry("last_seen", new Text("2024-02-29T13:45:30.123Z"));
        assertThat(events.get(2).before().columns()).containsEntry("points", new Null());
    }

    /** As {@link #pgDecimalPreciseWithoutSchemas_declaredDecimalWithoutScaleIsUndecodable}: DECIMAL(10,2). */
    @Test
    void mariadbOpsWithoutSchemas_declaredDecimalWithoutScaleIsUndecodable() {
        ChangeEventReader reader = ChangeEventReader.builder()
                .columnSchema(changes(read("mariadb", "mariadb-ops-schemas-off")).get(0).table().qualifiedName(), "balance",
                        "{\"type\":\"bytes\",\"name\":\"org.apache.kafka.connect.data.Decimal\"}")
                .build();
        List<ChangeEvent> events = changes(read(reader, "mariadb", "mariadb-ops-schemas-off"));
        assertThat(events.get(0).after().find("balance")).get().isInstanceOf(Undecodable.class);
    }

    @Test
    void mariadbTruncate_isATableLevelChangeWithoutKeyOrImages() {
        List<ChangeEvent> events = changes(read("mariadb", "mariadb-truncate"));
        ChangeEvent truncate = events.get(1);
        assertThat(truncate.op()).isEqualTo(Operation.TRUNCATE);
        assertThat(truncate.table()).isEqualTo(new TableId("maria", "shop", null, "audit_log"));
        assertThat(truncate.key()).isNull();
        assertThat(truncate.before()).isNull();
        assertThat(truncate.after()).isNull();
        assertThat(binlog(truncate).position()).isGreaterThan(binlog(events.get(0)).position());
    }

    @Test
    void mariadbPrimaryKeyChange_isDeleteTombstoneCreateWithKeyHeaders() {
        List<GoldenRecord> records = GoldenSamples.load("mariadb", "mariadb-primary-key-change");
        List<ReadResult> results = read("mariadb", "mariadb-primary-key-change");
        assertThat(kinds(results)).containsExactly("c", "d", "tombstone", "c");
        ChangeEvent delete = (ChangeEvent) results.get(1);
        ChangeEvent create = (ChangeEvent) results.get(3);
        assertThat(delete.before().columns()).containsExactly(entry("id", new Int(1)), entry("owner", new Text("ada")));
        assertThat(create.after().columns()).containsExactly(entry("id", new Int(2)), entry("owner", new Text("ada")));
        assertThat(binlog(create)).isEqualTo(binlog(delete));
        assertThat(headerKey(records.get(1), "__debezium.newkey")).containsExactly(entry("id", new Int(2)));
        assertThat(headerKey(records.get(3), "__debezium.oldkey")).containsExactly(entry("id", new Int(1)));
    }

    @Test
    void mariadbTransactionMetadata_gtidIsTheTransactionIdEverywhere() {
        List<ReadResult> results = read("mariadb", "mariadb-transaction-metadata");
        assertThat(kinds(results)).containsExactly("BEGIN", "c", "c", "END", "BEGIN", "d", "tombstone", "END");
        TransactionMarker begin = (TransactionMarker) results.get(0);
        ChangeEvent first = (ChangeEvent) results.get(1);
        ChangeEvent second = (ChangeEvent) results.get(2);
        TransactionMarker end = (TransactionMarker) results.get(3);
        String gtid = binlog(first).gtid();
        assertThat(gtid).matches("0-1-\\d+");
        assertThat(begin.transactionId()).isEqualTo(gtid);
        assertThat(end.transactionId()).isEqualTo(gtid);
        assertThat(first.transaction()).isEqualTo(new TransactionRef(gtid, 1, 1));
        assertThat(second.transaction()).isEqualTo(new TransactionRef(gtid, 2, 2));
        assertThat(end.eventCount()).isEqualTo(2);
        assertThat(end.eventsPerTable()).containsOnly(entry("shop.orders", 2L));
        assertThat(second.after().columns()).containsEntry("id", new Int(101))
                .containsEntry("customer_id", new Int(8));

        TransactionMarker secondBegin = (TransactionMarker) results.get(4);
        ChangeEvent delete = (ChangeEvent) results.get(5);
        assertThat(secondBegin.transactionId()).isEqualTo(binlog(delete).gtid()).isNotEqualTo(gtid);
        assertThat(delete.before().columns()).containsEntry("id", new Int(101));
        assertThat(((TransactionMarker) results.get(7)).eventCount()).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------------ every sample

    @Test
    void everySample_readsWithoutErrorsAndMatchesItsRecordKinds() {
        GoldenSamples.scenarios(GoldenSamples.root()).forEach((db, names) -> {
            for (String name : names) {
                List<GoldenRecord> records = GoldenSamples.load(db, name);
                List<ReadResult> results = read(db, name);
                for (int i = 0; i < records.size(); i++) {
                    assertThat(kind(results.get(i))).as(db + "/" + name + " record " + i)
                            .isEqualTo(GoldenComparison.kind(records.get(i)));
                    assertThat(results.get(i).coordinates()).isEqualTo(records.get(i).coordinates());
                }
            }
        });
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static List<ReadResult> read(String db, String scenario) {
        return read(READER, db, scenario);
    }

    private static List<ReadResult> read(ChangeEventReader reader, String db, String scenario) {
        List<ReadResult> results = new ArrayList<>();
        for (GoldenRecord r : GoldenSamples.load(db, scenario)) {
            results.add(reader.read(r.keyBytes(), r.valueBytes(), r.coordinates()));
        }
        return results;
    }

    /** The change events among the results, in order (tombstones and markers left out; no read errors). */
    private static List<ChangeEvent> changes(List<ReadResult> results) {
        assertThat(results).allSatisfy(r -> assertThat(r).isNotInstanceOf(dev.invalidator.schemas.change.ReadError.class));
        return results.stream().filter(ChangeEvent.class::isInstance).map(ChangeEvent.class::cast).toList();
    }

    private static List<String> kinds(List<ReadResult> results) {
        return results.stream().map(GoldenSamplesTest::kind).toList();
    }

    private static String kind(ReadResult result) {
        if (result instanceof ChangeEvent e) {
            return e.op().code();
        }
        if (result instanceof Tombstone) {
            return "tombstone";
        }
        if (result instanceof TransactionMarker m) {
            return m.status().name();
        }
        return result.toString();
    }

    private static SourcePosition.Postgres pg(ChangeEvent e) {
        assertThat(e.position()).isInstanceOf(SourcePosition.Postgres.class);
        return (SourcePosition.Postgres) e.position();
    }

    private static SourcePosition.Binlog binlog(ChangeEvent e) {
        assertThat(e.position()).isInstanceOf(SourcePosition.Binlog.class);
        return (SourcePosition.Binlog) e.position();
    }

    private static Decimal decimal(String value) {
        return new Decimal(new BigDecimal(value));
    }

    /** The key a {@code __debezium.newkey}/{@code oldkey} header names, read as a key by the reader. */
    private static Map<String, ColumnValue> headerKey(GoldenRecord record, String header) {
        String json = record.headers().get(header);
        assertThat(json).as(header).isNotNull();
        ReadResult asKey = READER.read(json.getBytes(StandardCharsets.UTF_8), null);
        assertThat(asKey).isInstanceOf(Tombstone.class);
        RowImage key = ((Tombstone) asKey).key();
        return key.columns();
    }

    /** {@code source.ts_us} of a sample's record, straight from the JSON. */
    private static Instant sourceMicros(GoldenRecord record) {
        long micros = GoldenComparison.payload(GoldenComparison.parse(record.value())).path("source").path("ts_us").asLong();
        assertThat(micros).isPositive();
        return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000);
    }

    private static Map<String, ColumnValue> ordered(Object... nameValuePairs) {
        Map<String, ColumnValue> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            map.put((String) nameValuePairs[i], (ColumnValue) nameValuePairs[i + 1]);
        }
        return map;
    }
}
