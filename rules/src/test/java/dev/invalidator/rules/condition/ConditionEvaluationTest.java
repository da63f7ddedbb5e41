package dev.invalidator.rules.condition;

import static dev.invalidator.rules.condition.Conditions.compile;
import static dev.invalidator.rules.condition.Conditions.failure;
import static dev.invalidator.rules.condition.Conditions.holds;
import static dev.invalidator.rules.condition.Events.product;
import static dev.invalidator.rules.condition.Events.with;
import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.ColumnValue;
import dev.invalidator.schemas.change.Operation;
import dev.invalidator.schemas.change.RowImage;
import dev.invalidator.schemas.change.SourcePosition;
import dev.invalidator.schemas.change.TableId;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConditionEvaluationTest {

    private final RowImage live = product(7, "live", "10.00", 3);

    @Test
    void evaluate_statusNotDraft_followsTheAfterImage() {
        assertThat(holds("after.status != 'draft'", Events.update(live, live))).isTrue();
        assertThat(holds("after.status != 'draft'", Events.update(live, with(live, "status", "draft")))).isFalse();
    }

    @Test
    void evaluate_statusNotDraftOnDelete_holds() {
        // The row is gone, so after's columns are all null and null != 'draft': a delete invalidates.
        assertThat(holds("after.status != 'draft'", Events.delete(live))).isTrue();
        assertThat(holds("after.status == null && after.id == null", Events.delete(live))).isTrue();
    }

    @Test
    void evaluate_deleteWithOnlyTheKeyInBefore_stillKnowsKeyColumnsInAfter() {
        ChangeEvent delete = Events.delete(Events.row("id", 7L));

        assertThat(holds("after.id == null && before.id == 7", delete)).isTrue();
    }

    @Test
    void evaluate_create_hasANullBefore() {
        ChangeEvent create = Events.create(live);

        assertThat(holds("before.category_id != after.category_id", create)).isTrue();
        assertThat(holds("before.status == null", create)).isTrue();
    }

    @Test
    void evaluate_opAndChanged_firesOnlyForPriceUpdates() {
        String condition = "op == 'update' && changed('price')";

        assertThat(holds(condition, Events.update(live, with(live, "price", new BigDecimal("12.00"))))).isTrue();
        assertThat(holds(condition, Events.update(live, with(live, "status", "archived")))).isFalse();
        assertThat(holds(condition, Events.create(live))).isFalse();
    }

    @Test
    void evaluate_categoryMove_comparesBeforeAndAfter() {
        String condition = "before.category_id != after.category_id";

        assertThat(holds(condition, Events.update(live, with(live, "category_id", 4L)))).isTrue();
        assertThat(holds(condition, Events.update(live, with(live, "price", new BigDecimal("11"))))).isFalse();
    }

    @Test
    void evaluate_priceThreshold_comparesDecimalsWithDoubleAndIntLiterals() {
        ChangeEvent cheap = Events.update(live, live);
        ChangeEvent dear = Events.update(live, with(live, "price", new BigDecimal("100.01")));

        assertThat(holds("after.price > 100.0", cheap)).isFalse();
        assertThat(holds("after.price > 100.0", dear)).isTrue();
        assertThat(holds("after.price > 100", dear)).isTrue();
        assertThat(holds("after.price == 10", cheap)).isTrue();
        assertThat(holds("after.price == 10.0", cheap)).isTrue();
    }

    @Test
    void evaluate_snapshotFlag_comesFromTheSourceBlock() {
        ChangeEvent streamed = Events.update(live, live);
        ChangeEvent snapshot = new ChangeEvent(Events.PRODUCTS, Operation.READ, null, live, Events.row("id", 7L),
                "postgresql", Events.POSITION, true, Instant.EPOCH, null, null, null);

        assertThat(holds("source.snapshot == false", streamed)).isTrue();
        assertThat(holds("source.snapshot == false", snapshot)).isFalse();
        assertThat(holds("op == 'read' && op == 'r'", snapshot)).isTrue();
    }

    @Test
    void evaluate_nullColumn_equalsNull() {
        ChangeEvent notDeleted = Events.update(live, live);
        ChangeEvent softDeleted = Events.update(live, with(live, "deleted_at",
                new ColumnValue.ZonedTimestamp(java.time.OffsetDateTime.parse("2026-11-25T10:15:30Z"))));

        assertThat(holds("after.deleted_at == null", notDeleted)).isTrue();
        assertThat(holds("after.deleted_at == null", softDeleted)).isFalse();
        assertThat(holds("has(after.deleted_at)", notDeleted)).isTrue();
    }

    @Test
    void evaluate_unavailableToastValue_cannotBeReadAndExplainsWhy() {
        RowImage before = with(live, "description", "long text");
        RowImage after = with(live, "description", new ColumnValue.Unavailable());
        ChangeEvent update = Events.update(before, after);

        assertThat(failure("after.description.contains('sale')", update))
                .startsWith("1:6: key 'description' is not present in map.")
                .contains("after.description is unavailable (an unchanged TOAST value PostgreSQL did not send)");
        assertThat(holds("has(after.description)", update)).isFalse();
        assertThat(holds("!has(after.description) || after.description.contains('sale')", update)).isTrue();
        assertThat(holds("changed('description')", update)).isFalse();
    }

    @Test
    void evaluate_unavailableValue_neverSatisfiesInequalitySilently() {
        ChangeEvent update = Events.update(live, with(live, "status", new ColumnValue.Unavailable()));

        assertThat(compile("after.status != 'draft'").evaluate(ConditionInput.of(update)))
                .isInstanceOf(ConditionResult.Failed.class);
    }

    @Test
    void evaluate_updateWithoutBeforeImage_failsOnBeforeReadsButChangedHolds() {
        ChangeEvent update = Events.update(null, live);

        assertThat(failure("before.status == 'draft'", update))
                .contains("key 'status' is not present in map")
                .contains("the update has no before image");
        assertThat(holds("changed('status')", update)).isTrue();
    }

    @Test
    void evaluate_truncate_hasNoRowsToRead() {
        ChangeEvent truncate = Events.event(Operation.TRUNCATE, null, null);

        assertThat(holds("op == 'truncate' && table == 'shop.public.products'", truncate)).isTrue();
        assertThat(failure("after.status == 'x'", truncate)).contains("a truncate carries no row");
    }

    @Test
    void evaluate_missingColumn_failsWithItsPosition() {
        assertThat(failure("after.id == 7 && after.nosuch == 1", Events.update(live, live)))
                .startsWith("1:23: key 'nosuch' is not present in map.");
    }

    @Test
    void evaluate_failureOnALaterLine_isPlacedOnThatLine() {
        assertThat(failure("after.id == 7\n&& after.nosuch == 1", Events.update(live, live))).startsWith("2:9: ");
    }

    @Test
    void evaluate_runtimeTypeMismatch_isAFailureNotAnException() {
        assertThat(failure("after.status > 1", Events.update(live, live))).contains("No matching overload");
    }

    @Test
    void evaluate_divisionByZero_isAFailure() {
        assertThat(failure("after.id / (after.category_id - 3) == 1", Events.update(live, live))).contains("by zero");
    }

    @Test
    void evaluate_badRegularExpression_isAFailure() {
        assertThat(failure("after.status.matches('[')", Events.update(live, live))).contains("missing closing ]");
    }

    @Test
    void evaluate_tableAndSource_describeWhereTheChangeCameFrom() {
        ChangeEvent update = Events.update(live, live);

        assertThat(holds("table == 'shop.public.products'", update)).isTrue();
        assertThat(holds("source.connector == 'postgresql' && source.name == 'shop' && source.db == 'shop'"
                + " && source.schema == 'public' && source.table == 'products'", update)).isTrue();
        assertThat(holds("source.lsn == 23803720 && source.txId == 771", update)).isTrue();
    }

    @Test
    void evaluate_binlogSource_hasFileAndPosition() {
        ChangeEvent update = new ChangeEvent(new TableId("shop", "shop", null, "products"), Operation.UPDATE,
                live, live, Events.row("id", 7L), "mariadb",
                new SourcePosition.Binlog("mysql-bin.000003", 154L, 0, null, 1L), false, Instant.EPOCH, null, null, null);

        assertThat(holds("table == 'shop.shop.products' && source.schema == null", update)).isTrue();
        assertThat(holds("source.file == 'mysql-bin.000003' && source.pos == 154 && source.row == 0"
                + " && source.gtid == null && source.server_id == 1", update)).isTrue();
    }

    @Test
    void evaluate_oneInputForManyConditions_givesEachItsOwnAnswer() {
        ConditionInput input = ConditionInput.of(Events.update(live, with(live, "price", new BigDecimal("12"))));

        assertThat(compile("changed('price')").evaluate(input)).isEqualTo(ConditionResult.Decision.MATCHED);
        assertThat(compile("changed('status')").evaluate(input)).isEqualTo(ConditionResult.Decision.NOT_MATCHED);
        assertThat(compile("after.nosuch == 1").evaluate(input)).isInstanceOf(ConditionResult.Failed.class);
        assertThat(compile("after.price == 12").evaluate(input)).isEqualTo(ConditionResult.Decision.MATCHED);
    }
}
