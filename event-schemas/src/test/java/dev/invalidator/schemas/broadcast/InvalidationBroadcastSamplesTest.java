package dev.invalidator.schemas.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.invalidator.schemas.json.DecodeResult;
import dev.invalidator.schemas.json.MessageSamples;
import dev.invalidator.schemas.json.Violation;

/** The golden broadcast samples: valid ones parse and round-trip, invalid ones fail at the field they are about. */
class InvalidationBroadcastSamplesTest {

    private final InvalidationBroadcastCodec codec = new InvalidationBroadcastCodec();

    static List<String> validSamples() {
        return MessageSamples.named("broadcast-valid-");
    }

    @ParameterizedTest
    @MethodSource("validSamples")
    void decode_validSample_parsesAndRoundTrips(String sample) {
        DecodeResult<InvalidationBroadcast> result = codec.decode(MessageSamples.read(sample));

        assertThat(result.violations()).as(sample).isEmpty();
        InvalidationBroadcast broadcast = result.decoded().orElseThrow();
        assertThat(codec.decode(codec.encode(broadcast)).decoded()).as(sample).contains(broadcast);
    }

    /** Each invalid sample, the field its one violation must name, and a part of the message. */
    record Expectation(String sample, String pointer, String message) {
        @Override
        public String toString() {
            return sample;
        }
    }

    static List<Expectation> invalidSamples() {
        return List.of(
                new Expectation("broadcast-invalid-missing-position.json", "/position", "is required"),
                new Expectation("broadcast-invalid-sequence-zero.json", "/position/sequence",
                        "must have a minimum value of 1"),
                new Expectation("broadcast-invalid-epoch-fraction.json", "/position/epoch",
                        "must be an integer, found number"),
                new Expectation("broadcast-invalid-unknown-version.json", "/version", "must be the constant value '1'"),
                new Expectation("broadcast-invalid-change-without-table.json", "/cause/table", "is required"),
                new Expectation("broadcast-invalid-request-cause-with-op.json", "/cause/op",
                        "is not a field of this message"),
                new Expectation("broadcast-invalid-unknown-cause.json", "/cause/type",
                        "does not have a value in the enumeration"),
                new Expectation("broadcast-invalid-batch-of-one.json", "/cause/causes",
                        "must have at least 2 items"),
                new Expectation("broadcast-invalid-batch-with-heartbeat.json", "/cause/causes/1/type",
                        "does not have a value in the enumeration"),
                new Expectation("broadcast-invalid-batch-change-without-op.json", "/cause/causes/0/op",
                        "is required"),
                new Expectation("broadcast-invalid-tag-not-string.json", "/tags/1", "must be a string, found integer"),
                new Expectation("broadcast-invalid-unknown-field.json", "/origin", "is not a field of this message"));
    }

    @ParameterizedTest
    @MethodSource("invalidSamples")
    void decode_invalidSample_namesTheField(Expectation expected) {
        List<Violation> violations = codec.decode(MessageSamples.read(expected.sample())).violations();

        assertThat(violations).as(expected.sample()).singleElement().satisfies(violation -> {
            assertThat(violation.pointer()).isEqualTo(expected.pointer());
            assertThat(violation.message()).contains(expected.message());
        });
    }

    @Test
    void samples_everyInvalidSampleHasAnExpectation() {
        List<String> covered = new ArrayList<>();
        for (Expectation expectation : invalidSamples()) {
            covered.add(expectation.sample());
        }

        assertThat(covered).containsExactlyInAnyOrderElementsOf(MessageSamples.named("broadcast-invalid-"));
        assertThat(validSamples()).isNotEmpty();
    }
}
