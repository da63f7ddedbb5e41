package dev.invalidator.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class StrictJsonTest {

    private final StrictJson json = new StrictJson();

    @Test
    void parseObject_object_isDecoded() {
        assertThat(json.parseObject(bytes("{\"a\": [1, 2]}")).decoded()).isPresent();
    }

    @Test
    void parseObject_unclosedArray_saysWhereWithoutSourceNoise() {
        assertThat(json.parseObject(bytes("{\"a\": [1\n}")).violations()).singleElement().asString()
                .isEqualTo("/: malformed JSON at line 2, column 1: Unexpected close marker '}': expected ']'");
    }

    @Test
    void parseObject_deepNesting_isRejectedNotAStackOverflow() {
        String deep = "{\"a\":".repeat(100_000);

        assertThat(json.parseObject(bytes(deep)).violations()).singleElement().asString()
                .startsWith("/: JSON beyond the parser's limits: Document nesting depth");
    }

    @Test
    void parseObject_hugeNumber_isRejected() {
        assertThat(json.parseObject(bytes("{\"a\": " + "9".repeat(5000) + "}")).violations()).singleElement()
                .asString().startsWith("/: JSON beyond the parser's limits: Number value length");
    }

    @Test
    void parseObject_utf8ByteOrderMark_isAccepted() {
        assertThat(json.parseObject(bytes("\uFEFF{}")).decoded()).isPresent();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
