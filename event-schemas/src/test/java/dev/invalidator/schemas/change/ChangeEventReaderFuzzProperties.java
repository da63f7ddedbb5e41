package dev.invalidator.schemas.change;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Feeds damaged copies of real Debezium records to {@link ChangeEventReader} and checks that it keeps its contract:
 * whatever the bytes, {@code read} returns a result, never throws (not even {@link StackOverflowError}), and a
 * {@link ReadError} says what and where. The seeds are every recorded sample under {@code golden/**}{@code /*.jsonl};
 * the damage is one of the kinds in {@link Mutations}, or a stack of them.
 */
class ChangeEventReaderFuzzProperties {

    private static final List<FuzzSeed> SEEDS = FuzzSeeds.load();

    private final ChangeEventReader reader = ChangeEventReader.builder().build();

    @Property(tries = 12_000, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.BOUNDED)
    void read_anyMutationOfARealRecord_keepsTheContract(@ForAll("fuzzCases") FuzzCase fuzz) {
        RecordBytes input = fuzz.input();
        ReadResult result = readWithoutThrowing(fuzz, input);
        ReadResultContract.check(input, fuzz.coordinates(), result);

        Statistics.label("mutation").collect(fuzz.mutation().kind());
        Statistics.label("result").collect(result.getClass().getSimpleName());
        // A mutation can find nothing to do (a tree edit on bytes an earlier step broke); this shows how often.
        Statistics.label("input changed").collect(!input.sameBytesAs(fuzz.seed().bytes()));
        Statistics.label("mutation").coverage(coverage -> {
            for (String kind : Mutations.KINDS) {
                coverage.check(kind).percentage(share -> share >= 4.0);
            }
        });
    }

    /**
     * What the reader's callers also rely on: every value it calls known renders to a cache key, an error path is a
     * pointer and an error caused by the key points into the key, and bytes that are not UTF-8 are rejected (smallest
     * cases once found: {@link ChangeEventReaderRobustnessTest}).
     */
    @Property(tries = 12_000, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.FULL)
    void read_anyMutationOfARealRecord_keepsWhatCallersRelyOn(@ForAll("fuzzCases") FuzzCase fuzz) {
        RecordBytes input = fuzz.input();
        ReadResult result = readWithoutThrowing(fuzz, input);
        ReadResultContract.checkRenderable(input, result);
        ReadResultContract.checkBlame(reader, input, result);
        ReadResultContract.checkUtf8(input, result);
    }

    /** Any throwable fails the try, with the input that caused it. */
    private ReadResult readWithoutThrowing(FuzzCase fuzz, RecordBytes input) {
        try {
            return reader.read(input.key(), input.value(), fuzz.coordinates());
        } catch (Throwable thrown) {
            throw new AssertionError("read threw " + thrown + "\n  input: " + input, thrown);
        }
    }

    @Provide
    Arbitrary<FuzzCase> fuzzCases() {
        Arbitrary<RecordCoordinates> odd = Combinators.combine(
                        Arbitraries.strings().ofMaxLength(20),
                        Arbitraries.integers(),
                        Arbitraries.longs())
                .as(RecordCoordinates::new)
                .injectNull(0.5);
        Arbitrary<Boolean> seedCoordinates = Arbitraries.frequency(Tuple.of(8, true), Tuple.of(2, false));
        return Combinators.combine(Arbitraries.of(SEEDS), Mutations.any(), seedCoordinates, odd)
                .as((seed, mutation, useSeed, other) ->
                        new FuzzCase(seed, mutation, useSeed ? seed.coordinates() : other));
    }
}
