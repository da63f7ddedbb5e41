package dev.invalidator.schemas.change;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceOrderTest {

    @Test
    void of_postgresLsns_sortInLogOrderAsText() {
        String early = SourceOrder.of(new SourcePosition.Postgres(0x16B3748L, 5L)).orElseThrow();
        String late = SourceOrder.of(new SourcePosition.Postgres(0x1_0000_0000L, 9L)).orElseThrow();
        String highest = SourceOrder.of(new SourcePosition.Postgres(-1L, null)).orElseThrow();

        assertThat(early).isEqualTo("pg:00000000000023803720");
        assertThat(early).isLessThan(late);
        assertThat(late).isLessThan(highest);
        assertThat(highest).isEqualTo("pg:18446744073709551615");
    }

    @Test
    void of_binlogCoordinates_sortByFileThenPositionThenRow() {
        String a = SourceOrder.of(new SourcePosition.Binlog("mysql-bin.000009", 9_999, 3, null, 1)).orElseThrow();
        String b = SourceOrder.of(new SourcePosition.Binlog("mysql-bin.000010", 4, 0, null, 1)).orElseThrow();
        String c = SourceOrder.of(new SourcePosition.Binlog("mysql-bin.000010", 4, 1, null, 1)).orElseThrow();
        String d = SourceOrder.of(new SourcePosition.Binlog("mysql-bin.000010", 120, 0, null, 1)).orElseThrow();

        assertThat(a).isLessThan(b);
        assertThat(b).isLessThan(c);
        assertThat(c).isLessThan(d);
        assertThat(a.length()).isEqualTo(d.length());
    }

    @Test
    void of_positionWithoutOrder_isEmpty() {
        assertThat(SourceOrder.of(new SourcePosition.Unknown("sqlserver"))).isEmpty();
        assertThat(SourceOrder.of(new SourcePosition.Binlog("binlog", 4, 0, null, 1))).isEmpty();
        assertThat(SourceOrder.of(new SourcePosition.Binlog("binlog.x1", 4, 0, null, 1))).isEmpty();
    }
}
