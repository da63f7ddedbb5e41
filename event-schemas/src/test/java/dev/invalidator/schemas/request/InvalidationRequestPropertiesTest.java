package dev.invalidator.schemas.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import dev.invalidator.schemas.json.DecodeResult;
import dev.invalidator.schemas.json.MessageSchema;
import dev.invalidator.schemas.json.TextArbitraries;
import dev.invalidator.schemas.json.Violation;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class InvalidationRequestPropertiesTest {

    private static final List<String> FIELDS =
            List.of("id", "source", "keys", "patterns", "tags", "versions", "cascade", "dryRun", "reason");

    private final InvalidationRequestCodec codec = new InvalidationRequestCodec();
    private final MessageSchema schema = MessageSchema.fromClasspath(InvalidationRequestCodec.SCHEMA_RESOURCE);

    @Property(tries = 500)
    void encode_anyRequest_validatesAgainstTheSchema(@ForAll("requests") InvalidationRequest request) {
        DecodeResult<JsonNode> checked = schema.check(codec.encode(request));

        assertThat(checked.violations()).isEmpty();
    }

    @Property(tries = 500)
    void decode_encodedRequest_givesTheSameRequest(@ForAll("requests") InvalidationRequest request) {
        assertThat(codec.decode(codec.encode(request)).decoded()).contains(request);
    }

    @Property(tries = 300)
    void decode_oneFieldOfWrongType_namesThatField(@ForAll("requests") InvalidationRequest request,
                                                   @ForAll("fields") String field) {
        ObjectNode json = (ObjectNode) schema.json().mapper().readTree(codec.encode(request));
        // A number is the wrong type for every field of a request.
        json.put(field, 42);

        DecodeResult<InvalidationRequest> result = codec.decode(schema.json().mapper().writeValueAsBytes(json));

        assertThat(result.violations()).extracting(Violation::pointer).contains("/" + field);
    }

    @Property(tries = 1000)
    void decode_anyBytes_neverThrows(@ForAll byte[] bytes) {
        DecodeResult<InvalidationRequest> result = codec.decode(bytes);

        assertThat(result.decoded().isPresent()).isNotEqualTo(!result.violations().isEmpty());
    }

    @Property(tries = 1000)
    void decode_anyJsonLikeText_neverThrows(@ForAll("jsonLikeText") String text) {
        DecodeResult<InvalidationRequest> result = codec.decode(text.getBytes(StandardCharsets.UTF_8));

        assertThat(result.decoded().isPresent()).isNotEqualTo(!result.violations().isEmpty());
    }

    @Provide
    Arbitrary<InvalidationRequest> requests() {
        Arbitrary<List<String>> targets = TextArbitraries.text(6).list().ofMaxSize(4);
        return Combinators.combine(
                        TextArbitraries.text(5),
                        TextArbitraries.text(3),
                        targets,
                        targets,
                        // Tags and versions as one pair: jqwik combines at most eight arbitraries.
                        targets.list().ofSize(2),
                        Arbitraries.of(true, false),
                        Arbitraries.of(true, false),
                        TextArbitraries.text(8).injectNull(0.3))
                .filter((id, source, keys, patterns, tagsAndVersions, cascade, dryRun, reason) ->
                        !(keys.isEmpty() && patterns.isEmpty() && tagsAndVersions.get(0).isEmpty()
                                && tagsAndVersions.get(1).isEmpty()))
                .as((id, source, keys, patterns, tagsAndVersions, cascade, dryRun, reason) -> new InvalidationRequest(
                        id, source, keys, patterns, tagsAndVersions.get(0), tagsAndVersions.get(1), cascade, dryRun,
                        reason));
    }

    @Provide
    Arbitrary<String> fields() {
        return Arbitraries.of(FIELDS);
    }

    /** Strings built from JSON's own tokens, so the parser gets deep into them before it fails or succeeds. */
    @Provide
    Arbitrary<String> jsonLikeText() {
        return Arbitraries.of("{", "}", "[", "]", ",", ":", "\"id\"", "\"source\"", "\"keys\"", "\"tags\"",
                        "\"cascade\"", "\"x\"", "1", "-0.5e9", "true", "false", "null", " ", "\"\\u00e9\"",
                        "\"\\ud800\"")
                .list().ofMaxSize(40)
                .map(tokens -> String.join("", tokens));
    }
}
