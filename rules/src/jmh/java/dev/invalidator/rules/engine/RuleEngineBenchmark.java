package dev.invalidator.rules.engine;

import dev.invalidator.rules.file.RuleFileParser;
import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.ChangeEventReader;
import dev.invalidator.schemas.change.ReadResult;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parse + plan on one thread: 200 rules over 50 tables (four per table: keys, a tag pair for moves, a page pattern
 * narrowed by {@code columns}, and one with a condition), events spread over all 50 tables as schemaless PostgreSQL
 * updates of about 600 bytes. Throughput is events per second.
 *
 * <p>Run: {@code mvn -q -pl rules -am install -DskipTests}, then
 * {@code mvn -q -pl rules test-compile exec:exec@jmh -Djmh.include=RuleEngineBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RuleEngineBenchmark {

    static final int TABLES = 50;

    private final ChangeEventReader reader = ChangeEventReader.builder().build();
    private LiveRules rules;
    private byte[][] keys;
    private byte[][] values;
    private ChangeEvent[] events;
    private int next;

    @Setup
    public void setUp() {
        StringBuilder yaml = new StringBuilder("version: 1\nrules:\n");
        for (int t = 0; t < TABLES; t++) {
            String table = "shop.public.table_" + t;
            yaml.append("""
                      - name: t%1$d-row
                        table: %2$s
                        invalidate: { keys: ["t%1$d:{id}", "t%1$d:sku:{after.sku}"], cascade: true }
                      - name: t%1$d-category
                        table: %2$s
                        on: [update]
                        invalidate: { tags: ["category:{before.category_id}", "category:{after.category_id}"] }
                      - name: t%1$d-pages
                        table: %2$s
                        columns: [price, title]
                        invalidate: { patterns: ["t%1$d:category:{after.category_id}:page:*"] }
                      - name: t%1$d-published
                        table: %2$s
                        when: "after.status != 'draft' && changed('price')"
                        invalidate: { keys: ["t%1$d:published:{id}"] }
                    """.formatted(t, table));
        }
        RuleEngine engine = RuleEngine.compile(new RuleFileParser().parse("bench.yaml", yaml.toString()).ruleFile().rules())
                .engine().orElseThrow();
        if (engine.ruleNames().size() != 4 * TABLES) {
            throw new IllegalStateException("expected " + 4 * TABLES + " rules");
        }
        rules = new LiveRules(engine, BeforeImages.learning());
        keys = new byte[TABLES][];
        values = new byte[TABLES][];
        for (int t = 0; t < TABLES; t++) {
            keys[t] = ("{\"id\":" + (1000 + t) + "}").getBytes(StandardCharsets.UTF_8);
            values[t] = ("""
                    {"before":{"id":%1$d,"sku":"SKU-%1$d","title":"Desk lamp","price":"19.90","category_id":3,"status":"live"},\
                    "after":{"id":%1$d,"sku":"SKU-%1$d","title":"Desk lamp","price":"21.50","category_id":4,"status":"live"},\
                    "source":{"version":"3.5.0.Final","connector":"postgresql","name":"shop","ts_ms":1764000000000,\
                    "snapshot":"false","db":"shop","sequence":"[null,\\"24807520\\"]","ts_us":1764000000000123,\
                    "ts_ns":1764000000000123000,"schema":"public","table":"table_%2$d","txId":825,"lsn":24807520,"xmin":null},\
                    "transaction":null,"op":"u","ts_ms":1764000000100,"ts_us":1764000000100456,"ts_ns":1764000000100456789}
                    """.formatted(1000 + t, t)).strip().getBytes(StandardCharsets.UTF_8);
        }
        events = new ChangeEvent[TABLES];
        for (int t = 0; t < TABLES; t++) {
            events[t] = (ChangeEvent) reader.read(keys[t], values[t]);
        }
    }

    private int nextIndex() {
        int i = next;
        next = i + 1 == TABLES ? 0 : i + 1;
        return i;
    }

    /** The reader's share: decoding the envelope. */
    @Benchmark
    public ReadResult parseOnly() {
        int i = nextIndex();
        return reader.read(keys[i], values[i]);
    }

    /** The engine's share: planning an already decoded event. */
    @Benchmark
    public InvalidationPlan planOnly() {
        return rules.plan(events[nextIndex()]);
    }

    @Benchmark
    public InvalidationPlan parseAndPlan() {
        int i = nextIndex();
        ReadResult result = reader.read(keys[i], values[i]);
        return rules.plan((ChangeEvent) result);
    }
}
