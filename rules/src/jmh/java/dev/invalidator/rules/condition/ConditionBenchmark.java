package dev.invalidator.rules.condition;

import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.ColumnValue;
import dev.invalidator.schemas.change.Operation;
import dev.invalidator.schemas.change.RowImage;
import dev.invalidator.schemas.change.SourcePosition;
import dev.invalidator.schemas.change.TableId;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * What a condition costs per event, on one thread. An update of a 9-column product row (a decimal, a timestamp with
 * time zone, a null), as PostgreSQL with REPLICA IDENTITY FULL sends it.
 *
 * <ul>
 *   <li>{@code *_freshEvent}: what the engine pays per event and rule: a new {@link ConditionInput}, so the row is
 *       converted for CEL, then one evaluation.</li>
 *   <li>{@code *_sharedInput}: the evaluation alone, once the row was converted for an earlier rule of the
 *       same event.</li>
 *   <li>{@code fourConditions_freshEvent}: one event through four conditions, as with 200 rules over 50 tables.</li>
 * </ul>
 *
 * <p>Run: {@code mvn -q -pl rules -am install -DskipTests}, then
 * {@code mvn -q -pl rules test-compile exec:exec@jmh -Djmh.include=ConditionBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ConditionBenchmark {

    private ChangeEvent event;
    private Condition statusNotDraft;
    private Condition opAndChanged;
    private List<Condition> fourConditions;
    private ConditionInput sharedInput;

    @Setup
    public void setUp() {
        ConditionCompiler compiler = new ConditionCompiler();
        statusNotDraft = compile(compiler, "after.status != 'draft'");
        opAndChanged = compile(compiler, "op == 'update' && changed('price')");
        fourConditions = List.of(
                statusNotDraft,
                opAndChanged,
                compile(compiler, "before.category_id != after.category_id"),
                compile(compiler, "after.price > 100.0 && after.deleted_at == null"));
        RowImage before = product("10.00", 3);
        RowImage after = product("12.50", 4);
        event = new ChangeEvent(new TableId("shop", "shop", "public", "products"), Operation.UPDATE, before, after,
                new RowImage(Map.of("id", new ColumnValue.Int(7))), "postgresql",
                new SourcePosition.Postgres(23_803_720L, 771L), false, Instant.EPOCH, Instant.EPOCH, null, null);
        sharedInput = ConditionInput.of(event);
        statusNotDraft.evaluate(sharedInput);
        opAndChanged.evaluate(sharedInput);
    }

    @Benchmark
    public ConditionResult statusNotDraft_freshEvent() {
        return statusNotDraft.evaluate(ConditionInput.of(event));
    }

    @Benchmark
    public ConditionResult statusNotDraft_sharedInput() {
        return statusNotDraft.evaluate(sharedInput);
    }

    @Benchmark
    public ConditionResult opAndChanged_freshEvent() {
        return opAndChanged.evaluate(ConditionInput.of(event));
    }

    @Benchmark
    public void fourConditions_freshEvent(Blackhole blackhole) {
        ConditionInput input = ConditionInput.of(event);
        for (Condition condition : fourConditions) {
            blackhole.consume(condition.evaluate(input));
        }
    }

    private static Condition compile(ConditionCompiler compiler, String expression) {
        CompileResult result = compiler.compile(expression);
        if (result instanceof CompileResult.Compiled compiled) {
            return compiled.condition();
        }
        throw new IllegalStateException(expression + ": " + ((CompileResult.Rejected) result).problems());
    }

    private static RowImage product(String price, long categoryId) {
        Map<String, ColumnValue> columns = new LinkedHashMap<>();
        columns.put("id", new ColumnValue.Int(7));
        columns.put("sku", new ColumnValue.Text("A-7"));
        columns.put("title", new ColumnValue.Text("Blue kettle, 1.7 l"));
        columns.put("status", new ColumnValue.Text("live"));
        columns.put("price", new ColumnValue.Decimal(new BigDecimal(price)));
        columns.put("category_id", new ColumnValue.Int(categoryId));
        columns.put("stock", new ColumnValue.Int(12));
        columns.put("updated_at", new ColumnValue.ZonedTimestamp(OffsetDateTime.parse("2026-11-25T10:15:30.123456Z")));
        columns.put("deleted_at", new ColumnValue.Null());
        return new RowImage(columns);
    }
}
