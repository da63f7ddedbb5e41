package dev.invalidator.schemas.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.invalidator.schemas.json.DecodeResult;
import dev.invalidator.schemas.json.Violation;

class InvalidationRequestCodecTest {

    private final InvalidationRequestCodec codec = new InvalidationRequestCodec();

    @Test
    void decode_fullRequest_returnsEveryField() {
        InvalidationRequest request = decoded("""
                {"id": "req-1", "source": "checkout-service", "keys": ["product:7", "product:sku:A"],
                 "patterns": ["category:3:page:*"], "tags": ["category:3"], "cascade": true, "dryRun": true,
                 "reason": "price import"}
                """);

        assertThat(request).isEqualTo(new InvalidationRequest("req-1", "checkout-service",
                List.of("product:7", "product:sku:A"), List.of("category:3:page:*"), List.of("category:3"),
                true, true, "price import"));
    }

    @Test
    void decode_onlyRequiredFieldsAndOneTag_defaultsTheRest() {
        InvalidationRequest request = decoded("""
                {"id": "req-2", "source": "admin", "tags": ["user:9"]}
                """);

        assertThat(request.keys()).isEmpty();
        assertThat(request.patterns()).isEmpty();
        assertThat(request.tags()).containsExactly("user:9");
        assertThat(request.cascade()).isFalse();
        assertThat(request.dryRun()).isFalse();
        assertThat(request.reason()).isNull();
    }

    @Test
    void decode_onlyVersions_isAValidRequest() {
        InvalidationRequest request = decoded("""
                {"id": "req-3", "source": "accounts", "versions": ["user:42"]}
                """);

        assertThat(request.versions()).containsExactly("user:42");
        assertThat(request.keys()).isEmpty();
    }

    @Test
    void encode_versions_roundTripAndAreLeftOutWhenEmpty() {
        InvalidationRequest versioned = new InvalidationRequest("req-4", "accounts", List.of(), List.of(), List.of(),
                List.of("user:42"), false, false, null);
        InvalidationRequest plain = InvalidationRequest.forKeys("req-5", "accounts", List.of("user:42"));

        assertThat(codec.decode(codec.encode(versioned)).decoded()).contains(versioned);
        assertThat(new String(codec.encode(plain), StandardCharsets.UTF_8)).doesNotContain("versions");
    }

    @Test
    void decode_soft_roundTripsAndAbsentIsHard() {
        InvalidationRequest soft = new InvalidationRequest("req-6", "pricing", List.of("product:7"), List.of(),
                List.of("category:3"), List.of(), false, false, null, true);
        InvalidationRequest hard = InvalidationRequest.forKeys("req-7", "pricing", List.of("product:7"));

        assertThat(codec.decode(codec.encode(soft)).decoded()).contains(soft);
        assertThat(codec.decode(codec.encode(hard)).decoded().orElseThrow().soft()).isFalse();
        assertThat(new String(codec.encode(hard), StandardCharsets.UTF_8)).doesNotContain("soft");
        assertThat(codec.decode("""
                {"id": "req-8", "source": "pricing", "keys": ["product:7"], "soft": true}
                """.getBytes(StandardCharsets.UTF_8)).decoded().orElseThrow().soft()).isTrue();
    }

    @Test
    void decode_itemOfWrongType_namesTheItem() {
        assertThat(rejected("""
                {"id": "r", "source": "s", "keys": ["a", "b", "c", 4]}
                """)).containsExactly("/keys/3: must be a string, found integer");
    }

    @Test
    void decode_unknownField_namesTheField() {
        assertThat(rejected("""
                {"id": "r", "source": "s", "key": ["a"], "tags": ["t"]}
                """)).containsExactly("/key: is not a field of this message (unknown fields are rejected)");
    }

    @Test
    void decode_unknownFieldWithSlashInName_escapesThePointer() {
        assertThat(rejected("""
                {"id": "r", "source": "s", "tags": ["t"], "a/b~c": 1}
                """)).singleElement().asString().startsWith("/a~1b~0c: ");
    }

    @Test
    void decode_missingIdAndSource_namesBoth() {
        assertThat(rejected("""
                {"keys": ["a"]}
                """)).containsExactly("/id: is required", "/source: is required");
    }

    @Test
    void decode_emptyId_namesId() {
        assertThat(rejected("""
                {"id": "", "source": "s", "keys": ["a"]}
                """)).containsExactly("/id: must be at least 1 characters long");
    }

    @Test
    void decode_noTargetsAtAll_saysWhatIsMissing() {
        assertThat(rejected("""
                {"id": "r", "source": "s"}
                """)).containsExactly("/: at least one of keys, patterns, tags, versions must be non-empty");
    }

    @Test
    void decode_onlyEmptyTargetLists_saysWhatIsMissing() {
        assertThat(rejected("""
                {"id": "r", "source": "s", "keys": [], "patterns": [], "tags": [], "cascade": true}
                """)).containsExactly("/: at least one of keys, patterns, tags, versions must be non-empty");
    }

    @Test
    void decode_keysAsSingleString_reportsOnlyTheType() {
        assertThat(rejected("""
                {"id": "r", "source": "s", "keys": "product:7"}
                """)).containsExactly("/keys: must be an array, found string");
    }

    @Test
    void decode_booleanAsString_namesTheField() {
        assertThat(rejected("""
                {"id": "r", "source": "s", "keys": ["a"], "dryRun": "yes"}
                """)).containsExactly("/dryRun: must be a boolean, found string");
    }

    @Test
    void decode_emptyKey_namesTheItem() {
        assertThat(rejected("""
                {"id": "r", "source": "s", "keys": ["a", ""]}
                """)).containsExactly("/keys/1: must be at least 1 characters long");
    }

    @Test
    void decode_tooManyKeys_namesTheList() {
        List<String> keys = Collections.nCopies(InvalidationRequest.MAX_ITEMS + 1, "\"k\"");
        String json = "{\"id\": \"r\", \"source\": \"s\", \"keys\": [" + String.join(",", keys) + "]}";

        assertThat(rejected(json)).containsExactly("/keys: must have at most 10000 items but found 10,001");
    }

    @Test
    void decode_keyTooLong_namesTheItem() {
        String longKey = "k".repeat(InvalidationRequest.MAX_TARGET_LENGTH + 1);

        assertThat(rejected("{\"id\": \"r\", \"source\": \"s\", \"keys\": [\"" + longKey + "\"]}"))
                .containsExactly("/keys/0: must be at most 1024 characters long");
    }

    @Test
    void decode_manyProblems_listsEveryOne() {
        assertThat(rejected("""
                {"id": 5, "keys": [1, "ok", true], "cascade": "no", "extra": null}
                """)).containsExactlyInAnyOrder(
                "/id: must be a string, found integer",
                "/source: is required",
                "/keys/0: must be a string, found integer",
                "/keys/2: must be a string, found boolean",
                "/cascade: must be a boolean, found string",
                "/extra: is not a field of this message (unknown fields are rejected)");
    }

    @Test
    void decode_malformedJson_saysWhere() {
        assertThat(rejected("{\"id\": \"r\",\n \"source\": }")).singleElement().asString()
                .startsWith("/: malformed JSON at line 2, column ");
    }

    @Test
    void decode_emptyInput_saysItIsEmpty() {
        assertThat(rejected("")).containsExactly("/: empty input, expected a JSON object");
        assertThat(rejected(" \n ")).containsExactly("/: empty input, expected a JSON object");
    }

    @Test
    void decode_notAnObject_saysWhatItFound() {
        assertThat(rejected("[]")).containsExactly("/: must be a JSON object, found array");
        assertThat(rejected("null")).containsExactly("/: must be a JSON object, found null");
        assertThat(rejected("\"keys\"")).containsExactly("/: must be a JSON object, found string");
    }

    @Test
    void decode_duplicateField_isRejected() {
        assertThat(rejected("""
                {"id": "r", "source": "s", "keys": ["a"], "keys": ["b"]}
                """)).singleElement().asString().contains("Duplicate Object property \"keys\"");
    }

    @Test
    void decode_trailingContent_isRejected() {
        assertThat(rejected("{\"id\": \"r\", \"source\": \"s\", \"keys\": [\"a\"]} {}")).singleElement().asString()
                .startsWith("/: malformed JSON");
    }

    @Test
    void decode_invalidUtf8_isRejected() {
        byte[] json = {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        assertThat(codec.decode(json).violations()).singleElement().asString().startsWith("/: malformed JSON");
    }

    @Test
    void decode_loneSurrogateEscape_namesTheField() {
        assertThat(rejected("""
                {"id": "r", "source": "s", "keys": ["ok", "bad\\ud800"]}
                """)).containsExactly("/keys/1: contains an unpaired UTF-16 surrogate, which is not Unicode text");
    }

    @Test
    void decode_lengthsCountCodePoints_notJavaChars() {
        String emoji = "\uD83D\uDE00"; // one code point, two Java chars
        String key = emoji.repeat(InvalidationRequest.MAX_TARGET_LENGTH);

        InvalidationRequest request = decoded("{\"id\": \"r\", \"source\": \"s\", \"keys\": [\"" + key + "\"]}");

        assertThat(request.keys()).containsExactly(key);
    }

    @Test
    void encode_request_decodesToTheSameRequest() {
        InvalidationRequest request = new InvalidationRequest("req-9", "billing", List.of("invoice:1"),
                List.of("invoice:1:*"), List.of("customer:4"), true, false, "refund \"quoted\" ü");

        assertThat(codec.decode(codec.encode(request)).decoded()).contains(request);
    }

    @Test
    void encode_requestWithoutReason_leavesReasonOut() {
        InvalidationRequest request = InvalidationRequest.forKeys("req-10", "billing", List.of("invoice:1"));

        assertThat(new String(codec.encode(request), StandardCharsets.UTF_8)).isEqualTo(
                "{\"id\":\"req-10\",\"source\":\"billing\",\"keys\":[\"invoice:1\"],\"patterns\":[],\"tags\":[],"
                        + "\"cascade\":false,\"dryRun\":false}");
    }

    /** One codec serves every thread: the schema is compiled once and read-only afterwards. */
    @Test
    void decode_sharedAcrossThreads_givesEveryThreadTheSameAnswers() throws Exception {
        byte[] valid = codec.encode(InvalidationRequest.forKeys("r", "s", List.of("product:7")));
        byte[] invalid = "{\"id\": 1, \"keys\": [2]}".getBytes(StandardCharsets.UTF_8);
        List<String> expectedViolations = rejected("{\"id\": 1, \"keys\": [2]}");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int task = 0; task < 8; task++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        boolean same = codec.decode(valid).decoded().isPresent()
                                && codec.decode(invalid).violations().stream().map(Violation::toString)
                                .collect(Collectors.toList()).equals(expectedViolations);
                        if (!same) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private InvalidationRequest decoded(String json) {
        DecodeResult<InvalidationRequest> result = codec.decode(json.getBytes(StandardCharsets.UTF_8));
        assertThat(result.violations()).isEmpty();
        return result.decoded().orElseThrow();
    }

    private List<String> rejected(String json) {
        DecodeResult<InvalidationRequest> result = codec.decode(json.getBytes(StandardCharsets.UTF_8));
        assertThat(result).isInstanceOf(DecodeResult.Rejected.class);
        List<String> lines = new ArrayList<>();
        for (Violation violation : result.violations()) {
            lines.add(violation.toString());
        }
        return lines;
    }
}
