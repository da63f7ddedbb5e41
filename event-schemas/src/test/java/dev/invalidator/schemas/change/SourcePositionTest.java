package dev.invalidator.schemas.change;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourcePositionTest {

    @Test
    void lsnText_writesBothHalvesInUpperCaseHexWithoutPadding() {
        assertThat(new SourcePosition.Postgres(0x16B3748L, null).lsnText()).isEqualTo("0/16B3748");
        assertThat(new SourcePosition.Postgres(0x1AL << 32 | 0xBEEFL, 5L).lsnText()).isEqualTo("1A/BEEF");
        assertThat(new SourcePosition.Postgres(-1L, null).lsnText()).isEqualTo("FFFFFFFF/FFFFFFFF");
    }
}
