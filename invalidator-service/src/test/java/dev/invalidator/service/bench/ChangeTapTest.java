package dev.invalidator.service.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChangeTapTest {

    private static final String UPDATE = "{\"before\":null,\"after\":{\"id\":7,\"seq\":12345},\"source\":{"
            + "\"version\":\"3.5.0.Final\",\"connector\":\"postgresql\",\"ts_ms\":1795587614520,"
            + "\"sequence\":\"[\\\"24301080\\\",\\\"24301080\\\"]\",\"ts_us\":1795587614520595,"
            + "\"ts_ns\":1795587614520595000,\"schema\":\"bench\",\"table\":\"items\",\"txId\":752},"
            + "\"transaction\":null,\"op\":\"u\",\"ts_ms\":1795587614661,\"ts_us\":1795587614661430}";

    @Test
    void number_updateEvent_readsTheAfterImagesSeqAndTheSourcesCommitTime() {
        assertThat(ChangeTap.number(UPDATE, "\"seq\":", "t-0@1")).isEqualTo(12_345);
        assertThat(ChangeTap.number(UPDATE, "\"ts_us\":", "t-0@1")).isEqualTo(1_795_587_614_520_595L);
    }

    @Test
    void number_negativeProbe_readsTheSign() {
        assertThat(ChangeTap.number("{\"after\":{\"id\":0,\"seq\":-3}}", "\"seq\":", "t-0@1")).isEqualTo(-3);
    }

    @Test
    void number_missingField_namesTheRecord() {
        assertThatThrownBy(() -> ChangeTap.number("{\"after\":{\"id\":0}}", "\"seq\":", "t-0@1"))
                .hasMessageContaining("t-0@1").hasMessageContaining("seq");
    }
}
