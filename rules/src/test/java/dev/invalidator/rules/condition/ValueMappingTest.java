package dev.invalidator.rules.condition;

import static dev.invalidator.rules.condition.Conditions.failure;
import static dev.invalidator.rules.condition.Conditions.holds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.ColumnValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How each decoded column value reads in a condition. */
class ValueMappingTest {

    private static ChangeEvent withColumn(ColumnValue value) {
        return Events.create(Events.row("id", 7L, "v", value));
    }

    @Test
    void evaluate_intColumn_isACelInt() {
        ChangeEvent event = withColumn(new ColumnValue.Int(9_007_199_254_740_993L));

        assertThat(holds("after.v == 9007199254740993 && after.v > 9007199254740992", event)).isTrue();
        assertThat(holds("after.v + 1 == 9007199254740994", event)).isTrue();
    }

    @Test
    void evaluate_textColumn_isACelString() {
        assertThat(holds("after.v == 'Grüße' && size(after.v) == 5", withColumn(new ColumnValue.Text("Grüße")))).isTrue();
    }

    @Test
    void evaluate_boolColumn_isACelBool() {
        ChangeEvent event = withColumn(new ColumnValue.Bool(true));

        assertThat(holds("after.v == true", event)).isTrue();
        assertThat(holds("after.v && true", event)).isTrue();
    }

    @Test
    void evaluate_decimalColumn_isACelDouble() {
        ChangeEvent event = withColumn(new ColumnValue.Decimal(new BigDecimal("12.50")));

        assertThat(holds("after.v == 12.5 && after.v > 12 && after.v < 13.0", event)).isTrue();
        assertThat(holds("string(after.v) == '12.5'", event)).isTrue();
    }

    @Test
    void evaluate_decimalBeyondDoublePrecision_comparesApproximately() {
        // Documented limit: CEL has no decimal type. 17 significant digits do not survive the double.
        ChangeEvent event = withColumn(new ColumnValue.Decimal(new BigDecimal("0.10000000000000001")));

        assertThat(holds("after.v == 0.1", event)).isTrue();
    }

    @Test
    void evaluate_uuidColumn_isItsCanonicalString() {
        UUID id = UUID.fromString("4f8e2c1a-9b7d-4e3f-a1b2-c3d4e5f60718");

        assertThat(holds("after.v == '4f8e2c1a-9b7d-4e3f-a1b2-c3d4e5f60718'", withColumn(new ColumnValue.Uuid(id)))).isTrue();
    }

    @Test
    void evaluate_dateAndTimeColumns_areTheirRenderedStrings() {
        assertThat(holds("after.v == '2026-11-25'", withColumn(new ColumnValue.Date(LocalDate.of(2026, 11, 25))))).isTrue();
        assertThat(holds("after.v == '10:15:30'", withColumn(new ColumnValue.Time(LocalTime.of(10, 15, 30))))).isTrue();
        assertThat(holds("after.v == '2026-11-25T10:15:30'",
                withColumn(new ColumnValue.Timestamp(LocalDateTime.of(2026, 11, 25, 10, 15, 30))))).isTrue();
        assertThat(holds("after.v < '2027'", withColumn(new ColumnValue.Date(LocalDate.of(2026, 11, 25))))).isTrue();
    }

    @Test
    void evaluate_zonedTimestampColumn_isAStringThatTimestampParses() {
        ChangeEvent event = withColumn(new ColumnValue.ZonedTimestamp(OffsetDateTime.parse("2026-11-25T10:15:30.5Z")));

        assertThat(holds("after.v == '2026-11-25T10:15:30.500Z'", event)).isTrue();
        assertThat(holds("timestamp(after.v) > timestamp('2026-01-01T00:00:00Z')", event)).isTrue();
    }

    @Test
    void evaluate_zonedTimestampOnTheMinute_stillComparesAsAnInstant() {
        // The rendered text leaves out ":00" seconds ("10:15Z"), so text order is wrong; timestamp() is right.
        ChangeEvent event = withColumn(new ColumnValue.ZonedTimestamp(OffsetDateTime.parse("2026-11-25T10:15:00Z")));

        assertThat(holds("after.v == '2026-11-25T10:15Z'", event)).isTrue();
        assertThat(holds("timestamp(after.v) < timestamp('2026-11-25T10:15:30Z')", event)).isTrue();
        assertThat(holds("after.v < '2026-11-25T10:15:30Z'", event)).isFalse();
    }

    @Test
    void evaluate_otherColumn_isTheJsonText() {
        assertThat(holds("after.v.contains('\"sale\"')", withColumn(new ColumnValue.Other("[\"new\",\"sale\"]")))).isTrue();
    }

    @Test
    void evaluate_nullColumn_isCelNull() {
        ChangeEvent event = withColumn(new ColumnValue.Null());

        assertThat(holds("after.v == null && has(after.v)", event)).isTrue();
        assertThat(holds("after.v != 'x'", event)).isTrue();
    }

    @Test
    void evaluate_unavailableColumn_isAbsentSoReadingItFails() {
        ChangeEvent event = Events.update(Events.row("id", 7L, "v", "old"), Events.row("id", 7L, "v", new ColumnValue.Unavailable()));

        assertThat(holds("has(after.v)", event)).isFalse();
        assertThat(failure("after.v != 'x'", event)).contains("after.v is unavailable");
    }

    @Test
    void evaluate_undecodableColumn_isAbsentSoReadingItFails() {
        ChangeEvent event = withColumn(new ColumnValue.Undecodable("\"??\"", "unknown Connect type 'x'"));

        assertThat(holds("has(after.v)", event)).isFalse();
        assertThat(failure("after.v == '??'", event)).contains("after.v could not be decoded: unknown Connect type 'x'");
    }

    @Test
    void evaluate_wholeRow_leavesUnreadableColumnsOut() {
        ChangeEvent event = Events.update(Events.row("id", 7L, "v", "old", "w", 1L),
                Events.row("id", 7L, "v", new ColumnValue.Unavailable(), "w", 1L));

        assertThat(holds("size(after) == 2 && size(before) == 3", event)).isTrue();
        assertThat(holds("'w' in after && !('v' in after)", event)).isTrue();
    }

    @Test
    void evaluate_rowsCompared_compareColumnByColumn() {
        assertThat(holds("before == after", Events.update(Events.row("id", 7L, "p", new BigDecimal("1.50")),
                Events.row("id", 7L, "p", new BigDecimal("1.5"))))).isTrue();
        assertThat(holds("before != after", Events.update(Events.row("id", 7L, "p", 1L),
                Events.row("id", 7L, "p", 2L)))).isTrue();
    }
}
