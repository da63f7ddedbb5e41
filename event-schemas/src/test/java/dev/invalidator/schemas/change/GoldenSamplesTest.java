package dev.invalidator.schemas.change;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The fuzz seeds load, and the hand-written ones are records the reader accepts as they are. */
class GoldenSamplesTest {

    private final ChangeEventReader reader = ChangeEventReader.builder().build();

    @Test
    void load_goldenFolder_findsSamplesWithBytes() {
        List<GoldenSample> samples = GoldenSamples.load();

        assertThat(samples).isNotEmpty()
                .allSatisfy(sample -> assertThat(sample.key() != null || sample.value() != null)
                        .as("%s has a key or a value", sample).isTrue());
    }

    /** A seed the reader already rejects would only test the error path: the hand-written ones must be clean. */
    @Test
    void read_handmadeSamples_giveNoError() {
        List<GoldenSample> handmade = GoldenSamples.load().stream()
                .filter(sample -> sample.source().startsWith(GoldenSamples.ROOT + "/handmade/"))
                .toList();

        assertThat(handmade).isNotEmpty().allSatisfy(sample -> {
            ReadResult result = reader.read(sample.key(), sample.value(), sample.coordinates());
            assertThat(result).as("%s", sample).isNotInstanceOf(ReadError.class);
            assertThat(result.coordinates()).isEqualTo(sample.coordinates());
        });
    }

    @Test
    void read_handmadeSamples_coverEveryKindOfResultAndOp() {
        List<ReadResult> results = GoldenSamples.load().stream()
                .filter(sample -> sample.source().startsWith(GoldenSamples.ROOT + "/handmade/"))
                .map(sample -> reader.read(sample.key(), sample.value(), sample.coordinates()))
                .toList();

        assertThat(results).hasAtLeastOneElementOfType(Tombstone.class)
                .hasAtLeastOneElementOfType(TransactionMarker.class);
        assertThat(results.stream().filter(ChangeEvent.class::isInstance).map(r -> ((ChangeEvent) r).op()))
                .contains(Operation.CREATE, Operation.UPDATE, Operation.DELETE, Operation.READ, Operation.TRUNCATE);
    }
}
