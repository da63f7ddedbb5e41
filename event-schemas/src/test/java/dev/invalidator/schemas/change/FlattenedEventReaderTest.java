package dev.invalidator.schemas.change;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Records flattened by Debezium's ExtractNewRecordState transform. */
class FlattenedEventReaderTest {

    private static final RecordCoordinates WHERE = new RecordCoordinates("shop.public.products", 0, 9L);

    private final ChangeEventReader reader = ChangeEventReader.builder().build();

    private ReadResult read(String key, String value, RecordCoordinates where) {
        return reader.read(key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8), where);
    }

    @Test
    void read_flattenedUpdateWithMetadata_isUpdateWithAfterImageOnly() {
        ReadResult result = read("{\"id\":7}", """
                {"id":7,"sku":"A-7","price":{"scale":2,"value":"BNI="},"__op":"u","__name":"shop","__db":"shop",
                 "__schema":"public","__table":"products","__lsn":24023984,"__txId":771,"__source_ts_ms":1700000000123,
                 "__ts_ms":1700000000200,"__deleted":"false"}""", WHERE);

        assertThat(result).isInstanceOfSatisfying(ChangeEvent.class, event -> {
            assertThat(event.table()).isEqualTo(new TableId("shop", "shop", "public", "products"));
            assertThat(event.op()).isEqualTo(Operation.UPDATE);
            assertThat(event.before()).isNull();
            assertThat(event.after().columns()).containsOnlyKeys("id", "sku", "price");
            assertThat(event.after().find("price")).contains(new ColumnValue.Decimal(new BigDecimal("12.34")));
            assertThat(event.key().find("id")).contains(new ColumnValue.Int(7));
            assertThat(event.position()).isEqualTo(new SourcePosition.Postgres(24023984L, 771L));
            assertThat(event.commitTime()).isEqualTo(Instant.ofEpochMilli(1700000000123L));
            assertThat(event.processedAt()).isEqualTo(Instant.ofEpochMilli(1700000000200L));
        });
    }

    @Test
    void read_rewrittenDelete_isDeleteWithTheDeletedRowAsBefore() {
        ReadResult result = read("{\"id\":7}", "{\"id\":7,\"sku\":\"A-7\",\"__deleted\":\"true\"}", WHERE);

        assertThat(result).isInstanceOfSatisfying(ChangeEvent.class, event -> {
            assertThat(event.op()).isEqualTo(Operation.DELETE);
            assertThat(event.after()).isNull();
            assertThat(event.before().columns()).containsOnlyKeys("id", "sku");
            assertThat(event.table().qualifiedName()).isEqualTo("shop.public.products");
        });
    }

    @Test
    void read_flattenedWithoutTableField_takesTheTableFromTheTopic() {
        ReadResult result = read(null, "{\"id\":1,\"__op\":\"c\"}", new RecordCoordinates("erp.sales.orders", 1, 2L));

        assertThat(result).isInstanceOfSatisfying(ChangeEvent.class,
                event -> assertThat(event.table()).isEqualTo(new TableId("erp", null, "sales", "orders")));
    }

    @Test
    void read_flattenedWithSchema_decodesColumnsByTheRowSchema() {
        ReadResult result = read(null, """
                {"schema":{"type":"struct","fields":[
                   {"type":"int32","optional":false,"field":"id"},
                   {"type":"int32","optional":true,"name":"io.debezium.time.Date","field":"released"},
                   {"type":"string","optional":true,"field":"__op"}]},
                 "payload":{"id":1,"released":19723,"__op":"r","__table":"products","__schema":"public"}}""", WHERE);

        assertThat(result).isInstanceOfSatisfying(ChangeEvent.class, event -> {
            assertThat(event.op()).isEqualTo(Operation.READ);
            assertThat(event.after().columns()).isEqualTo(Map.of(
                    "id", new ColumnValue.Int(1), "released", new ColumnValue.Date(LocalDate.of(2024, 1, 1))));
        });
    }

    @Test
    void read_flattenedWithoutOp_isErrorSayingWhichSettingAddsIt() {
        ReadResult result = read(null, "{\"id\":1,\"__deleted\":\"false\"}", WHERE);

        assertThat(result).isInstanceOfSatisfying(ReadError.class, error -> {
            assertThat(error.path()).isEqualTo("/__op");
            assertThat(error.message()).contains("add.fields");
        });
    }

    @Test
    void read_plainRowWithoutAnyMetadata_isErrorNotAGuess() {
        ReadResult result = read(null, "{\"id\":1,\"sku\":\"A\"}", WHERE);

        assertThat(result).isInstanceOfSatisfying(ReadError.class,
                error -> assertThat(error.message()).contains("not a Debezium change event"));
    }

    @Test
    void read_flattenedWithoutTableOrTopic_isError() {
        ReadResult result = read(null, "{\"id\":1,\"__op\":\"c\"}", null);

        assertThat(result).isInstanceOfSatisfying(ReadError.class,
                error -> assertThat(error.path()).isEqualTo("/__table"));
    }
}
