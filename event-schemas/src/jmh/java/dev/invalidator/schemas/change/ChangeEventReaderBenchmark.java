package dev.invalidator.schemas.change;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How many change events per second one thread reads: a typical PostgreSQL update of a 10-column table, as Debezium
 * 3.x's JsonConverter writes it, with schemas off (720 bytes, what deployments run) and on (4.3 KB, for comparison).
 *
 * <p>The table is {@code shop.public.products}: id bigint, sku text, title text, price numeric (no declared scale, so
 * a VariableScaleDecimal struct), category_id int, status text, in_stock boolean, ref uuid, updated_at timestamp
 * (MicroTimestamp), created_at timestamptz (ZonedTimestamp); REPLICA IDENTITY DEFAULT, so {@code before} is null.
 *
 * <p>Run from the repository root (about 90 seconds):
 * <pre>{@code mvn -q -pl event-schemas test-compile exec:exec@jmh -Djmh.include=ChangeEventReaderBenchmark}</pre>
 * Target: at least 500,000 events/s for {@code updateSchemasOff}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(2)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class ChangeEventReaderBenchmark {

    static final String KEY = "{\"id\":1042}";

    static final String KEY_SCHEMA = """
            {"type":"struct","fields":[{"type":"int64","optional":false,"field":"id"}],"optional":false,\
            "name":"shop.public.products.Key"}\
            """;

    static final String PAYLOAD = """
            {"before":null,"after":{"id":1042,"sku":"SKU-01042","title":"Espresso cup, 90 ml, white",\
            "price":{"scale":2,"value":"CJc="},"category_id":17,"status":"active","in_stock":true,\
            "ref":"0f8fad5b-d9cb-469f-a165-70867728950e","updated_at":1709367300123456,\
            "created_at":"2023-11-20T09:00:00.5Z"},"source":{"version":"3.5.0.Final","connector":"postgresql",\
            "name":"shop","ts_ms":1709296497123,"snapshot":"false","db":"shop","sequence":"[\\"24023464\\",\
            \\"24023520\\"]","ts_us":1709296497123000,"ts_ns":1709296497123000000,"schema":"public",\
            "table":"products","txId":744,"lsn":24023520,"xmin":null,"origin":null,"origin_lsn":null},\
            "transaction":null,"op":"u","ts_ms":1709296497127,"ts_us":1709296497127417,\
            "ts_ns":1709296497127417000}\
            """;

    static final String VALUE_SCHEMA = """
            {"type":"struct","fields":[{"type":"struct","fields":[{"type":"int64","optional":false,"field":"id"},\
            {"type":"string","optional":true,"field":"sku"},{"type":"string","optional":true,"field":"title"},\
            {"type":"struct","fields":[{"type":"int32","optional":false,"field":"scale"},{"type":"bytes",\
            "optional":false,"field":"value"}],"optional":true,"name":"io.debezium.data.VariableScaleDecimal",\
            "version":1,"doc":"Variable scaled decimal","field":"price"},{"type":"int32","optional":true,\
            "field":"category_id"},{"type":"string","optional":true,"field":"status"},{"type":"boolean",\
            "optional":true,"field":"in_stock"},{"type":"string","optional":true,"name":"io.debezium.data.Uuid",\
            "version":1,"field":"ref"},{"type":"int64","optional":true,"name":"io.debezium.time.MicroTimestamp",\
            "version":1,"field":"updated_at"},{"type":"string","optional":true,\
            "name":"io.debezium.time.ZonedTimestamp","version":1,"field":"created_at"}],"optional":true,\
            "name":"shop.public.products.Value","field":"before"},{"type":"struct","fields":[{"type":"int64",\
            "optional":false,"field":"id"},{"type":"string","optional":true,"field":"sku"},{"type":"string",\
            "optional":true,"field":"title"},{"type":"struct","fields":[{"type":"int32","optional":false,\
            "field":"scale"},{"type":"bytes","optional":false,"field":"value"}],"optional":true,\
            "name":"io.debezium.data.VariableScaleDecimal","version":1,"doc":"Variable scaled decimal",\
            "field":"price"},{"type":"int32","optional":true,"field":"category_id"},{"type":"string",\
            "optional":true,"field":"status"},{"type":"boolean","optional":true,"field":"in_stock"},\
            {"type":"string","optional":true,"name":"io.debezium.data.Uuid","version":1,"field":"ref"},\
            {"type":"int64","optional":true,"name":"io.debezium.time.MicroTimestamp","version":1,\
            "field":"updated_at"},{"type":"string","optional":true,"name":"io.debezium.time.ZonedTimestamp",\
            "version":1,"field":"created_at"}],"optional":true,"name":"shop.public.products.Value",\
            "field":"after"},{"type":"struct","fields":[{"type":"string","optional":false,"field":"version"},\
            {"type":"string","optional":false,"field":"connector"},{"type":"string","optional":false,\
            "field":"name"},{"type":"int64","optional":false,"field":"ts_ms"},{"type":"string","optional":true,\
            "name":"io.debezium.data.Enum","version":1,"parameters":{"allowed":"true,first,\
            first_in_data_collection,last_in_data_collection,last,false,incremental"},"default":"false",\
            "field":"snapshot"},{"type":"string","optional":false,"field":"db"},{"type":"string","optional":true,\
            "field":"sequence"},{"type":"int64","optional":true,"field":"ts_us"},{"type":"int64","optional":true,\
            "field":"ts_ns"},{"type":"string","optional":false,"field":"schema"},{"type":"string",\
            "optional":false,"field":"table"},{"type":"int64","optional":true,"field":"txId"},{"type":"int64",\
            "optional":true,"field":"lsn"},{"type":"int64","optional":true,"field":"xmin"},{"type":"string",\
            "optional":true,"field":"origin"},{"type":"int64","optional":true,"field":"origin_lsn"}],\
            "optional":false,"name":"io.debezium.connector.postgresql.Source","version":1,"field":"source"},\
            {"type":"struct","fields":[{"type":"string","optional":false,"field":"id"},{"type":"int64",\
            "optional":false,"field":"total_order"},{"type":"int64","optional":false,\
            "field":"data_collection_order"}],"optional":true,"name":"event.block","version":1,\
            "field":"transaction"},{"type":"string","optional":false,"field":"op"},{"type":"int64",\
            "optional":true,"field":"ts_ms"},{"type":"int64","optional":true,"field":"ts_us"},{"type":"int64",\
            "optional":true,"field":"ts_ns"}],"optional":false,"name":"shop.public.products.Envelope",\
            "version":2}\
            """;

    private final ChangeEventReader reader = ChangeEventReader.builder().build();
    private final RecordCoordinates coordinates = new RecordCoordinates("shop.public.products", 3, 1_048_576L);

    private byte[] keySchemasOff;
    private byte[] valueSchemasOff;
    private byte[] keySchemasOn;
    private byte[] valueSchemasOn;

    @Setup
    public void prepare() {
        keySchemasOff = bytes(KEY);
        valueSchemasOff = bytes(PAYLOAD);
        keySchemasOn = bytes("{\"schema\":" + KEY_SCHEMA + ",\"payload\":" + KEY + "}");
        valueSchemasOn = bytes("{\"schema\":" + VALUE_SCHEMA + ",\"payload\":" + PAYLOAD + "}");
        // A benchmark that measured the error path by mistake would look fast; make sure both read as the update.
        requireUpdate(reader.read(keySchemasOff, valueSchemasOff, coordinates));
        requireUpdate(reader.read(keySchemasOn, valueSchemasOn, coordinates));
    }

    @Benchmark
    public ReadResult updateSchemasOff() {
        return reader.read(keySchemasOff, valueSchemasOff, coordinates);
    }

    @Benchmark
    public ReadResult updateSchemasOn() {
        return reader.read(keySchemasOn, valueSchemasOn, coordinates);
    }

    private static void requireUpdate(ReadResult result) {
        ColumnValue expectedPrice = new ColumnValue.Decimal(new BigDecimal("21.99"));
        boolean asExpected = result instanceof ChangeEvent change
                && change.op() == Operation.UPDATE
                && change.after().columns().size() == 10
                && change.after().find("price").orElseThrow().equals(expectedPrice);
        if (!asExpected) {
            throw new IllegalStateException("the benchmark event does not read as the expected update: " + result);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
