package dev.invalidator.schemas.change;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChangeEventReaderTest {

    private static final RecordCoordinates WHERE = new RecordCoordinates("shop.public.products", 2, 41L);

    private final ChangeEventReader reader = ChangeEventReader.builder().build();

    private static final String PG_SOURCE = """
            {"version":"3.5.0.Final","connector":"postgresql","name":"shop","ts_ms":1700000000123,"snapshot":"false",
             "db":"shop","sequence":"[\\"24023928\\",\\"24023984\\"]","ts_us":1700000000123456,"ts_ns":1700000000123456000,
             "schema":"public","table":"products","txId":771,"lsn":24023984,"xmin":null}""";

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private ReadResult read(String key, String value) {
        return reader.read(key == null ? null : bytes(key), value == null ? null : bytes(value), WHERE);
    }

    private ChangeEvent change(String key, String value) {
        ReadResult result = read(key, value);
        assertThat(result).isInstanceOf(ChangeEvent.class);
        return (ChangeEvent) result;
    }

    private ReadError error(String key, String value) {
        ReadResult result = read(key, value);
        assertThat(result).isInstanceOf(ReadError.class);
        return (ReadError) result;
    }

    @Test
    void read_schemalessUpdate_decodesTableOpImagesPositionAndTimes() {
        ChangeEvent event = change("{\"id\":7}", """
                {"before":null,
                 "after":{"id":7,"sku":"A-7","price":{"scale":2,"value":"BLA="},"category_id":3,"active":true},
                 "source":%s,"transaction":null,"op":"u","ts_ms":1700000000200,"ts_us":1700000000200789,"ts_ns":1700000000200789000}
                """.formatted(PG_SOURCE));

        assertThat(event.table()).isEqualTo(new TableId("shop", "shop", "public", "products"));
        assertThat(event.table().qualifiedName()).isEqualTo("shop.public.products");
        assertThat(event.op()).isEqualTo(Operation.UPDATE);
        assertThat(event.before()).isNull();
        assertThat(event.after().columns()).containsExactly(
                entry("id", new ColumnValue.Int(7)),
                entry("sku", new ColumnValue.Text("A-7")),
                entry("price", new ColumnValue.Decimal(new BigDecimal("12.00"))),
                entry("category_id", new ColumnValue.Int(3)),
                entry("active", new ColumnValue.Bool(true)));
        assertThat(event.key().columns()).containsExactly(entry("id", new ColumnValue.Int(7)));
        assertThat(event.connector()).isEqualTo("postgresql");
        assertThat(event.position()).isEqualTo(new SourcePosition.Postgres(24023984L, 771L));
        assertThat(((SourcePosition.Postgres) event.position()).lsnText()).isEqualTo("0/16E93B0");
        assertThat(event.snapshot()).isFalse();
        assertThat(event.commitTime()).isEqualTo(Instant.parse("2023-11-14T22:13:20.123456Z"));
        assertThat(event.processedAt()).isEqualTo(Instant.parse("2023-11-14T22:13:20.200789Z"));
        assertThat(event.transaction()).isNull();
        assertThat(event.coordinates()).isEqualTo(WHERE);
    }

    @Test
    void read_schemaEnvelope_decodesLogicalTypesByTheirSchema() {
        String schema = """
                {"type":"struct","name":"shop.public.products.Envelope","fields":[
                  {"type":"struct","optional":true,"name":"shop.public.products.Value","field":"before","fields":[]},
                  {"type":"struct","optional":true,"name":"shop.public.products.Value","field":"after","fields":[
                    {"type":"int16","optional":false,"field":"id"},
                    {"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"2","connect.decimal.precision":"10"},"field":"price"},
                    {"type":"struct","optional":true,"name":"io.debezium.data.VariableScaleDecimal","field":"weight","fields":[{"type":"int32","field":"scale"},{"type":"bytes","field":"value"}]},
                    {"type":"string","optional":true,"name":"io.debezium.data.Uuid","field":"uid"},
                    {"type":"int32","optional":true,"name":"io.debezium.time.Date","field":"released"},
                    {"type":"int64","optional":true,"name":"io.debezium.time.MicroTimestamp","field":"updated"},
                    {"type":"string","optional":true,"name":"io.debezium.time.ZonedTimestamp","field":"seen"},
                    {"type":"int64","optional":true,"name":"io.debezium.time.MicroTime","field":"opens"},
                    {"type":"boolean","optional":true,"field":"active"},
                    {"type":"string","optional":true,"field":"title"}]},
                  {"type":"struct","field":"source","fields":[]},
                  {"type":"string","field":"op"}]}""";
        String payload = """
                {"before":null,"after":{"id":7,"price":"BNI=","weight":{"scale":3,"value":"MDk="},
                  "uid":"8f14e45f-ceea-467f-a8f4-0b2bd7f2d1c1","released":19723,"updated":1704448800123456,
                  "seen":"2024-01-05T10:00:00.5Z","opens":32400000000,"active":false,"title":"Lamp"},
                 "source":%s,"op":"c","ts_ms":1700000000200}""".formatted(PG_SOURCE);
        String key = """
                {"schema":{"type":"struct","fields":[{"type":"int16","optional":false,"field":"id"}],"optional":false,"name":"shop.public.products.Key"},
                 "payload":{"id":7}}""";

        ChangeEvent event = change(key, "{\"schema\":" + schema + ",\"payload\":" + payload + "}");

        assertThat(event.op()).isEqualTo(Operation.CREATE);
        assertThat(event.after().columns()).containsExactly(
                entry("id", new ColumnValue.Int(7)),
                entry("price", new ColumnValue.Decimal(new BigDecimal("12.34"))),
                entry("weight", new ColumnValue.Decimal(new BigDecimal("12.345"))),
                entry("uid", new ColumnValue.Uuid(UUID.fromString("8f14e45f-ceea-467f-a8f4-0b2bd7f2d1c1"))),
                entry("released", new ColumnValue.Date(LocalDate.of(2024, 1, 1))),
                entry("updated", new ColumnValue.Timestamp(LocalDateTime.parse("2024-01-05T10:00:00.123456"))),
                entry("seen", new ColumnValue.ZonedTimestamp(OffsetDateTime.parse("2024-01-05T10:00:00.5Z"))),
                entry("opens", new ColumnValue.Time(LocalTime.of(9, 0))),
                entry("active", new ColumnValue.Bool(false)),
                entry("title", new ColumnValue.Text("Lamp")));
        assertThat(event.key().columns()).containsExactly(entry("id", new ColumnValue.Int(7)));
        assertThat(((ColumnValue.Known) event.after().columns().get("price")).render()).isEqualTo("12.34");
        assertThat(((ColumnValue.Known) event.after().columns().get("released")).render()).isEqualTo("2024-01-01");
    }

    @Test
    void read_decimalDoubleAndStringModes_decodeToTheNumberTheDatabaseShows() {
        String schema = """
                {"type":"struct","fields":[{"type":"struct","optional":true,"field":"after","fields":[
                    {"type":"float","optional":true,"field":"as_float"},
                    {"type":"double","optional":true,"field":"as_double"},
                    {"type":"string","optional":true,"field":"as_string"}]}]}""";
        ChangeEvent event = change(null, """
                {"schema":%s,"payload":{"before":null,"after":{"as_float":0.25,"as_double":12.5,"as_string":"12.50"},
                 "source":%s,"op":"c"}}""".formatted(schema, PG_SOURCE));

        assertThat(event.after().columns().get("as_float")).isEqualTo(new ColumnValue.Decimal(new BigDecimal("0.25")));
        assertThat(event.after().columns().get("as_double")).isEqualTo(new ColumnValue.Decimal(new BigDecimal("12.5")));
        assertThat(event.after().columns().get("as_string")).isEqualTo(new ColumnValue.Text("12.50"));
    }

    @Test
    void read_preciseDecimalWithoutSchemaScale_isUndecodableNotGuessed() {
        ChangeEventReader declared = ChangeEventReader.builder()
                .columnSchema("shop.public.products", "price", "{\"type\":\"bytes\",\"name\":\"org.apache.kafka.connect.data.Decimal\"}")
                .columnSchema("shop.public.products", "cost", "{\"type\":\"bytes\",\"name\":\"org.apache.kafka.connect.data.Decimal\",\"parameters\":{\"scale\":\"2\"}}")
                .columnSchema("shop.public.products", "released", "{\"type\":\"int32\",\"name\":\"io.debezium.time.Date\"}")
                .build();
        String value = """
                {"before":null,"after":{"id":1,"price":"BNI=","cost":"BNI=","released":19723},"source":%s,"op":"c"}
                """.formatted(PG_SOURCE);

        ChangeEvent event = (ChangeEvent) declared.read(null, bytes(value));

        assertThat(event.after().columns().get("price")).isInstanceOfSatisfying(ColumnValue.Undecodable.class,
                undecodable -> assertThat(undecodable.reason()).contains("scale"));
        assertThat(event.after().columns().get("cost")).isEqualTo(new ColumnValue.Decimal(new BigDecimal("12.34")));
        assertThat(event.after().columns().get("released")).isEqualTo(new ColumnValue.Date(LocalDate.of(2024, 1, 1)));
    }

    @Test
    void read_preciseDecimalInSchemaWithoutScale_isUndecodable() {
        String schema = """
                {"type":"struct","fields":[{"type":"struct","optional":true,"field":"after","fields":[
                    {"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal","field":"price"}]}]}""";
        ChangeEvent event = change(null, """
                {"schema":%s,"payload":{"before":null,"after":{"price":"BNI="},"source":%s,"op":"c"}}"""
                .formatted(schema, PG_SOURCE));

        assertThat(event.after().columns().get("price")).isInstanceOf(ColumnValue.Undecodable.class);
    }

    @Test
    void read_unchangedToastColumn_isUnavailableNotThePlaceholderText() {
        String schema = """
                {"type":"struct","fields":[{"type":"struct","optional":true,"field":"after","fields":[
                    {"type":"string","optional":true,"field":"body"},
                    {"type":"bytes","optional":true,"field":"blob"},
                    {"type":"array","optional":true,"items":{"type":"string"},"field":"labels"}]}]}""";
        ChangeEvent event = change(null, """
                {"schema":%s,"payload":{"before":null,"after":{"body":"__debezium_unavailable_value",
                  "blob":"X19kZWJleml1bV91bmF2YWlsYWJsZV92YWx1ZQ==","labels":["__debezium_unavailable_value"]},
                 "source":%s,"op":"u"}}""".formatted(schema, PG_SOURCE));

        assertThat(event.after().columns().values()).containsOnly(new ColumnValue.Unavailable());
    }

    @Test
    void read_customUnavailablePlaceholder_isRecognised() {
        ChangeEventReader custom = ChangeEventReader.builder().unavailablePlaceholder("<toast>").build();
        ChangeEvent event = (ChangeEvent) custom.read(null, bytes("""
                {"before":null,"after":{"body":"<toast>","other":"__debezium_unavailable_value"},"source":%s,"op":"u"}
                """.formatted(PG_SOURCE)));

        assertThat(event.after().columns().get("body")).isEqualTo(new ColumnValue.Unavailable());
        assertThat(event.after().columns().get("other")).isEqualTo(new ColumnValue.Text("__debezium_unavailable_value"));
    }

    @Test
    void read_deleteUnderDefaultReplicaIdentity_keepsTheBeforeImageAsSent() {
        ChangeEvent event = change("{\"id\":7}", """
                {"before":{"id":7,"sku":"","price":null},"after":null,"source":%s,"op":"d","ts_ms":1700000000200}
                """.formatted(PG_SOURCE));

        assertThat(event.op()).isEqualTo(Operation.DELETE);
        assertThat(event.after()).isNull();
        assertThat(event.before().find("id")).contains(new ColumnValue.Int(7));
        assertThat(event.before().find("price")).contains(new ColumnValue.Null());
        assertThat(event.before().find("missing")).isEmpty();
    }

    @Test
    void read_nullValue_isTombstoneWithTheKey() {
        ReadResult result = read("{\"id\":7}", null);

        assertThat(result).isEqualTo(new Tombstone(new RowImage(java.util.Map.of("id", new ColumnValue.Int(7))), WHERE));
    }

    @Test
    void read_truncate_hasTableButNoKeyOrImages() {
        ChangeEvent event = change(null, """
                {"before":null,"after":null,"source":%s,"op":"t","ts_ms":1700000000200}""".formatted(PG_SOURCE));

        assertThat(event.op()).isEqualTo(Operation.TRUNCATE);
        assertThat(event.key()).isNull();
        assertThat(event.table().table()).isEqualTo("products");
    }

    @Test
    void read_snapshotRead_isMarkedSnapshot() {
        ChangeEvent event = change("{\"id\":1}", """
                {"before":null,"after":{"id":1},"source":%s,"op":"r"}""".formatted(PG_SOURCE.replace("\"snapshot\":\"false\"", "\"snapshot\":\"last\"")));

        assertThat(event.op()).isEqualTo(Operation.READ);
        assertThat(event.snapshot()).isTrue();
    }

    @Test
    void read_transactionBlock_isExposed() {
        ChangeEvent event = change(null, """
                {"before":null,"after":{"id":1},"source":%s,"op":"c",
                 "transaction":{"id":"771:24023984","total_order":2,"data_collection_order":1}}""".formatted(PG_SOURCE));

        assertThat(event.transaction()).isEqualTo(new TransactionRef("771:24023984", 2, 1));
    }

    @Test
    void read_transactionMetadata_isBeginOrEndMarker() {
        ReadResult begin = read("{\"id\":\"771:24023984\"}", """
                {"status":"BEGIN","id":"771:24023984","event_count":null,"data_collections":null,"ts_ms":1700000000123}""");
        ReadResult end = read("{\"id\":\"771:24023984\"}", """
                {"status":"END","id":"771:24023984","event_count":3,"data_collections":[
                  {"data_collection":"public.products","event_count":2},{"data_collection":"public.orders","event_count":1}],
                 "ts_ms":1700000000124}""");

        assertThat(begin).isEqualTo(new TransactionMarker(TransactionMarker.Status.BEGIN, "771:24023984", 0,
                java.util.Map.of(), Instant.ofEpochMilli(1700000000123L), WHERE));
        assertThat(end).isInstanceOfSatisfying(TransactionMarker.class, marker -> {
            assertThat(marker.status()).isEqualTo(TransactionMarker.Status.END);
            assertThat(marker.eventCount()).isEqualTo(3);
            assertThat(marker.eventsPerTable()).containsEntry("public.products", 2L).containsEntry("public.orders", 1L);
        });
    }

    @Test
    void read_mariadbSource_givesBinlogPositionAndDatabaseQualifiedName() {
        ChangeEvent event = change("{\"id\":5}", """
                {"before":{"id":5,"name":"a"},"after":{"id":5,"name":"b"},
                 "source":{"version":"3.5.0.Final","connector":"mariadb","name":"shop","ts_ms":1700000000000,"snapshot":"false",
                  "db":"inventory","table":"customers","server_id":223344,"gtid":"0-1-42","file":"mysql-bin.000003","pos":1045,"row":0,"thread":7},
                 "op":"u","ts_ms":1700000000100}""");

        assertThat(event.table()).isEqualTo(new TableId("shop", "inventory", null, "customers"));
        assertThat(event.table().qualifiedName()).isEqualTo("shop.inventory.customers");
        assertThat(event.position()).isEqualTo(new SourcePosition.Binlog("mysql-bin.000003", 1045, 0, "0-1-42", 223344));
        assertThat(event.commitTime()).isEqualTo(Instant.ofEpochMilli(1700000000000L));
    }

    @Test
    void read_unknownConnector_keepsTheEventWithUnknownPosition() {
        ChangeEvent event = change(null, """
                {"before":null,"after":{"id":1},"source":{"connector":"oracle","name":"erp","db":"ERP","schema":"APP","table":"T"},"op":"c"}""");

        assertThat(event.position()).isEqualTo(new SourcePosition.Unknown("oracle"));
    }

    @Test
    void read_valueContradictingItsSchema_isUndecodableColumnNotAFailedEvent() {
        String schema = """
                {"type":"struct","fields":[{"type":"struct","optional":true,"field":"after","fields":[
                    {"type":"int32","optional":true,"field":"small"},
                    {"type":"int32","optional":true,"field":"text"},
                    {"type":"string","optional":true,"name":"io.debezium.data.Uuid","field":"uid"}]}]}""";
        ChangeEvent event = change(null, """
                {"schema":%s,"payload":{"before":null,"after":{"small":4294967296,"text":"x","uid":"not-a-uuid"},"source":%s,"op":"c"}}"""
                .formatted(schema, PG_SOURCE));

        assertThat(event.after().columns().values()).allSatisfy(value -> assertThat(value).isInstanceOf(ColumnValue.Undecodable.class));
    }

    @Test
    void read_integerBeyond64Bits_staysExact() {
        ChangeEvent event = change(null, """
                {"before":null,"after":{"id":18446744073709551615},"source":%s,"op":"c"}""".formatted(PG_SOURCE));

        assertThat(event.after().columns().get("id")).isEqualTo(new ColumnValue.Decimal(new BigDecimal("18446744073709551615")));
    }

    @Test
    void read_notJson_isErrorNamingTopicPartitionAndOffset() {
        ReadError error = error(null, "{\"before\":null,\"after\":");

        assertThat(error.coordinates()).isEqualTo(WHERE);
        assertThat(error.message()).contains("not valid JSON");
        assertThat(error.describe()).startsWith("topic shop.public.products partition 2 offset 41: ");
    }

    @Test
    void read_invalidUtf8_isError() {
        byte[] value = {'{', '"', 'o', 'p', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        assertThat(reader.read(null, value, WHERE)).isInstanceOf(ReadError.class);
    }

    @Test
    void read_unknownOp_namesTheField() {
        ReadError error = error(null, """
                {"before":null,"after":{"id":1},"source":%s,"op":"x"}""".formatted(PG_SOURCE));

        assertThat(error.path()).isEqualTo("/op");
        assertThat(error.message()).contains("unknown op 'x'");
    }

    @Test
    void read_wrongTypeInsideSchemaEnvelope_namesThePayloadPath() {
        ReadError error = error(null, """
                {"schema":{"type":"struct","fields":[]},"payload":{"before":null,"after":{"id":1},"source":%s,"op":"c"}}"""
                .formatted(PG_SOURCE.replace("\"lsn\":24023984", "\"lsn\":\"24023984\"")));

        assertThat(error.path()).isEqualTo("/payload/source/lsn");
        assertThat(error.message()).contains("must be an integer");
    }

    @Test
    void read_missingSource_isError() {
        ReadError error = error(null, "{\"before\":null,\"after\":{\"id\":1},\"op\":\"c\"}");

        assertThat(error.path()).isEqualTo("/source");
    }

    @Test
    void read_createWithoutAfter_isError() {
        ReadError error = error(null, "{\"before\":null,\"after\":null,\"source\":%s,\"op\":\"c\"}".formatted(PG_SOURCE));

        assertThat(error.path()).isEqualTo("/after");
    }

    @Test
    void read_keyThatIsNotAnObject_isError() {
        ReadError error = error("42", "{\"before\":null,\"after\":{\"id\":1},\"source\":%s,\"op\":\"c\"}".formatted(PG_SOURCE));

        assertThat(error.path()).startsWith("key:");
        assertThat(error.message()).contains("record key must be a JSON object");
    }

    @Test
    void read_valueThatIsAnArray_isError() {
        assertThat(error(null, "[1,2,3]").message()).contains("must be a JSON object");
    }

    @Test
    void read_deepNesting_isErrorNotStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);

        ReadError error = error(null, "{\"before\":null,\"after\":{\"id\":" + deep + "},\"op\":\"c\"}");

        assertThat(error.message()).contains("not valid JSON");
    }

    @Test
    void read_emptyValue_isError() {
        assertThat(reader.read(null, new byte[0], WHERE)).isInstanceOf(ReadError.class);
    }

    @Test
    void read_withoutCoordinates_describesWithoutThem() {
        ReadResult result = reader.read(null, bytes("nope"));

        assertThat(result).isInstanceOfSatisfying(ReadError.class, e -> {
            assertThat(e.coordinates()).isNull();
            assertThat(e.describe()).startsWith("record value is not valid JSON");
        });
    }

    private static java.util.Map.Entry<String, ColumnValue> entry(String column, ColumnValue value) {
        return java.util.Map.entry(column, value);
    }
}
