package dev.invalidator.rules.condition;

import static dev.invalidator.rules.condition.Conditions.failure;
import static dev.invalidator.rules.condition.Conditions.holds;
import static dev.invalidator.rules.condition.Events.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.schemas.change.ColumnValue;
import dev.invalidator.schemas.change.Operation;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ChangedTest {

    @Test
    void changed_differentValues_isTrue() {
        assertThat(holds("changed('title')", Events.update(row("id", 7L, "title", "a"), row("id", 7L, "title", "b")))).isTrue();
    }

    @Test
    void changed_sameValue_isFalse() {
        assertThat(holds("changed('title')", Events.update(row("id", 7L, "title", "a"), row("id", 7L, "title", "a")))).isFalse();
    }

    @Test
    void changed_decimalWithOtherScale_isFalse() {
        assertThat(holds("changed('price')", Events.update(
                row("id", 7L, "price", new BigDecimal("12.5")), row("id", 7L, "price", new BigDecimal("12.50"))))).isFalse();
    }

    @Test
    void changed_nullToValue_isTrue() {
        assertThat(holds("changed('deleted_at')", Events.update(
                row("id", 7L, "deleted_at", null), row("id", 7L, "deleted_at", "2026-11-25")))).isTrue();
        assertThat(holds("changed('deleted_at')", Events.update(
                row("id", 7L, "deleted_at", null), row("id", 7L, "deleted_at", null)))).isFalse();
    }

    @Test
    void changed_withoutBeforeImage_isTrue() {
        assertThat(holds("changed('title')", Events.update(null, row("id", 7L, "title", "a")))).isTrue();
    }

    @Test
    void changed_unavailableAfter_isFalseEvenWithoutBeforeImage() {
        // PostgreSQL leaves a TOAST value out only when the update did not change it.
        assertThat(holds("changed('body')", Events.update(
                row("id", 7L, "body", "text"), row("id", 7L, "body", new ColumnValue.Unavailable())))).isFalse();
        assertThat(holds("changed('body')", Events.update(
                null, row("id", 7L, "body", new ColumnValue.Unavailable())))).isFalse();
    }

    @Test
    void changed_unavailableBefore_isFalse() {
        assertThat(holds("changed('body')", Events.update(
                row("id", 7L, "body", new ColumnValue.Unavailable()), row("id", 7L, "body", "text")))).isFalse();
    }

    @Test
    void changed_undecodableValues_comparesTheirRawText() {
        ColumnValue odd = new ColumnValue.Undecodable("\"x\"", "why");
        ColumnValue otherOdd = new ColumnValue.Undecodable("\"y\"", "why");

        assertThat(holds("changed('v')", Events.update(row("id", 7L, "v", odd), row("id", 7L, "v", odd)))).isFalse();
        assertThat(holds("changed('v')", Events.update(row("id", 7L, "v", odd), row("id", 7L, "v", otherOdd)))).isTrue();
        assertThat(holds("changed('v')", Events.update(row("id", 7L, "v", odd), row("id", 7L, "v", "x")))).isTrue();
    }

    @Test
    void changed_columnInOneImageOnly_isTrue() {
        assertThat(holds("changed('added')", Events.update(row("id", 7L), row("id", 7L, "added", 1L)))).isTrue();
    }

    @Test
    void changed_createReadDeleteAndTruncate_changeEveryColumn() {
        assertThat(holds("changed('title')", Events.create(row("id", 7L, "title", "a")))).isTrue();
        assertThat(holds("changed('title')", Events.event(Operation.READ, null, row("id", 7L, "title", "a")))).isTrue();
        assertThat(holds("changed('title')", Events.delete(row("id", 7L, "title", "a")))).isTrue();
        assertThat(holds("changed('title')", Events.event(Operation.TRUNCATE, null, null))).isTrue();
    }

    @Test
    void changed_columnTheRowDoesNotHave_isAFailure() {
        String message = "changed('titel'): the row has no column 'titel'";

        assertThat(failure("changed('titel')", Events.update(row("id", 7L, "title", "a"), row("id", 7L, "title", "b"))))
                .contains(message);
        assertThat(failure("changed('titel')", Events.update(null, row("id", 7L, "title", "b")))).contains(message);
        assertThat(failure("changed('titel')", Events.create(row("id", 7L, "title", "b")))).contains(message);
        assertThat(failure("changed('titel')", Events.delete(row("id", 7L, "title", "b")))).contains(message);
    }

    @Test
    void changed_inALargerCondition_shortCircuits() {
        assertThat(holds("op == 'create' || changed('titel')", Events.create(row("id", 7L)))).isTrue();
    }
}
