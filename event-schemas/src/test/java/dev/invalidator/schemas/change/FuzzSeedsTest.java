package dev.invalidator.schemas.change;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fuzz seeds load, and they are records the reader accepts as they are: a seed the reader already rejects would
 * only test the error path.
 */
class FuzzSeedsTest {

    private final ChangeEventReader reader = ChangeEventReader.builder().build();

    @Test
    void load_goldenFolder_findsSamplesWithBytes() {
        List<FuzzSeed> seeds = FuzzSeeds.load();

        assertThat(seeds).isNotEmpty()
                .allSatisfy(seed -> assertThat(seed.key() != null || seed.value() != null)
                        .as("%s has a key or a value", seed).isTrue());
    }

    @Test
    void read_everySeed_givesNoErrorAndKeepsItsCoordinates() {
        assertThat(FuzzSeeds.load()).allSatisfy(seed -> {
            ReadResult result = reader.read(seed.key(), seed.value(), seed.coordinates());
            assertThat(result).as("%s", seed).isNotInstanceOf(ReadError.class);
            assertThat(result.coordinates()).isEqualTo(seed.coordinates());
        });
    }

    @Test
    void read_seeds_coverEveryKindOfResultAndOp() {
        List<ReadResult> results = FuzzSeeds.load().stream()
                .map(seed -> reader.read(seed.key(), seed.value(), seed.coordinates()))
                .toList();

        assertThat(results).hasAtLeastOneElementOfType(Tombstone.class)
                .hasAtLeastOneElementOfType(TransactionMarker.class);
        assertThat(results.stream().filter(ChangeEvent.class::isInstance).map(r -> ((ChangeEvent) r).op()))
                .contains(Operation.CREATE, Operation.UPDATE, Operation.DELETE, Operation.READ, Operation.TRUNCATE);
    }
}
