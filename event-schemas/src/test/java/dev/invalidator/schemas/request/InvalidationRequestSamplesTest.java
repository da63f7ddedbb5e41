package dev.invalidator.schemas.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.invalidator.schemas.json.DecodeResult;
import dev.invalidator.schemas.json.MessageSamples;
import dev.invalidator.schemas.json.Violation;

/** The golden request samples: valid ones parse and round-trip, invalid ones fail at the field they are about. */
class InvalidationRequestSamplesTest {

    private final InvalidationRequestCodec codec = new InvalidationRequestCodec();

    static List<String> validSamples() {
        return MessageSamples.named("request-valid-");
    }

    @ParameterizedTest
    @MethodSource("validSamples")
    void decode_validSample_parsesAndRoundTrips(String sample) {
        DecodeResult<InvalidationRequest> result = codec.decode(MessageSamples.read(sample));

        assertThat(result.violations()).as(sample).isEmpty();
        InvalidationRequest request = result.decoded().orElseThrow();
        assertThat(codec.decode(codec.encode(request)).decoded()).as(sample).contains(request);
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
                new Expectation("request-invalid-missing-id.json", "/id", "is required"),
                new Expectation("request-invalid-empty-id.json", "/id", "must be at least 1 characters long"),
                new Expectation("request-invalid-key-not-string.json", "/keys/3", "must be a string, found integer"),
                new Expectation("request-invalid-unknown-field.json", "/key", "is not a field of this message"),
                new Expectation("request-invalid-no-targets.json", "/",
                        "at least one of keys, patterns, tags, versions must be non-empty"),
                new Expectation("request-invalid-cascade-string.json", "/cascade", "must be a boolean, found string"),
                new Expectation("request-invalid-empty-pattern.json", "/patterns/0",
                        "must be at least 1 characters long"),
                new Expectation("request-invalid-duplicate-field.json", "/", "Duplicate Object property \"keys\""),
                new Expectation("request-invalid-malformed.json", "/", "malformed JSON at line 5"),
                new Expectation("request-invalid-not-object.json", "/", "must be a JSON object, found array"));
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

        assertThat(covered).containsExactlyInAnyOrderElementsOf(MessageSamples.named("request-invalid-"));
        assertThat(validSamples()).isNotEmpty();
    }
}
