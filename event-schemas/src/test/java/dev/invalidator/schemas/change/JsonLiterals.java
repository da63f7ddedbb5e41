package dev.invalidator.schemas.change;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Raw JSON texts that mutations splice into records. */
final class JsonLiterals {

    /**
     * Values of every JSON type, including the ones a reader is most likely to misjudge: strings that look like
     * numbers, booleans or op codes, the unavailable-value placeholder, escaped lone surrogates and NUL, shapes that
     * resemble Debezium structs, and a few texts that are not JSON values at all.
     */
    static final List<String> VALUES = List.of(
            "null", "true", "false",
            "0", "-1", "1", "7", "2.5", "-0", "-0.0", "1e3", "3.4028235E38",
            "9223372036854775807", "-9223372036854775808", "2147483647", "-2147483648",
            "\"\"", "\"u\"", "\"c\"", "\"d\"", "\"r\"", "\"t\"", "\"x\"", "\"BEGIN\"", "\"END\"", "\"postgresql\"",
            "\"mysql\"", "\"mariadb\"", "\"true\"", "\"false\"", "\"12\"", "\"1e400\"", "\"AQ==\"", "\"!!not base64\"",
            "\"__debezium_unavailable_value\"", "\"X19kZWJleml1bV91bmF2YWlsYWJsZV92YWx1ZQ==\"",
            "\"2024-02-30T25:61:00Z\"", "\"0f8fad5b-d9cb-469f-a165\"", "\"\\ud800\"", "\"\\udc00\\ud800\"",
            "\"\\u0000\"", "\"caf\\u00e9 \u4e2d \ud83d\ude00\"", "\"" + "x".repeat(10_000) + "\"",
            "[]", "{}", "[null]", "[1,2,3]", "[\"__debezium_unavailable_value\"]", "[[[[[]]]]]", "{\"\":null}",
            "{\"scale\":2,\"value\":\"B88=\"}", "{\"scale\":\"2\",\"value\":\"B88=\"}", "{\"scale\":2,\"value\":7}",
            "{\"op\":\"u\"}", "{\"type\":\"struct\",\"fields\":[]}", "{\"schema\":null,\"payload\":null}",
            "{\"schema\":{},\"payload\":{}}",
            // Not values: a splice of these leaves the document unparsable, or blank when it replaces the root.
            "", " ", "\t\r\n", "\ufeff", "nul", "tru", "NaN", "Infinity", "-Infinity", "'x'", "[1,]", "{\"a\"}",
            "01", "+1", ".5", "1.", "0x10");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<JsonNode> PARSED = VALUES.stream().map(JsonLiterals::parseOrNull).toList();

    private JsonLiterals() {
    }

    /**
     * A value whose JSON type differs from {@code original}'s, chosen by {@code pick}; texts that are not JSON at all
     * count as a different type.
     */
    static String otherTypeThan(JsonNode original, int pick) {
        List<String> candidates = new ArrayList<>();
        for (int i = 0; i < VALUES.size(); i++) {
            JsonNode parsed = PARSED.get(i);
            if (parsed == null || parsed.getNodeType() != original.getNodeType()) {
                candidates.add(VALUES.get(i));
            }
        }
        return candidates.get(Math.floorMod(pick, candidates.size()));
    }

    static String any(int pick) {
        return VALUES.get(Math.floorMod(pick, VALUES.size()));
    }

    /**
     * Numbers past what a reader can hold: beyond long, beyond double, denormal, negative zero, exponents that do not
     * fit an int, and digit strings longer than a parser allows.
     */
    static Arbitrary<String> hugeNumbers() {
        Arbitrary<String> fixed = Arbitraries.of(
                "9223372036854775808", "-9223372036854775809", "18446744073709551615", "1e400", "-1e400", "1E+400",
                "1e-400", "4.9e-324", "2.4e-324", "1.7976931348623157e309", "-0", "-0.0", "0e0", "-0e-0",
                "1e2147483647", "1e2147483648", "1e-2147483649", "1e99999999999999999999", "123456789e-99999999999",
                "1" + "0".repeat(400), "-" + "9".repeat(999), "9".repeat(1001), "0." + "0".repeat(1200) + "1",
                "1" + ".0".repeat(1) + "e" + "9".repeat(30), "2147483647", "-2147483648", "2147483648");
        Arbitrary<String> longIntegers = Combinators.combine(
                        Arbitraries.of("", "-"),
                        Arbitraries.strings().numeric().ofMinLength(18).ofMaxLength(1_200))
                .as((sign, digits) -> sign + "9" + digits);
        Arbitrary<String> longExponents = Combinators.combine(
                        Arbitraries.of("1e", "1E+", "-1e-", "9.99e", "1.5E-"),
                        Arbitraries.strings().numeric().ofMinLength(3).ofMaxLength(40))
                .as((mantissa, exponent) -> mantissa + "1" + exponent);
        Arbitrary<String> longFractions = Arbitraries.strings().numeric().ofMinLength(20).ofMaxLength(1_100)
                .map(digits -> "0." + digits + "1");
        return Arbitraries.oneOf(fixed, longIntegers, longExponents, longFractions);
    }

    /** How deep structures are built. */
    enum Nesting {
        ARRAYS, OBJECTS, ALTERNATING, UNCLOSED;

        /** {@code depth} levels around a small value; unclosed leaves all the brackets open. */
        String build(int depth) {
            StringBuilder text = new StringBuilder(depth * 7);
            for (int level = 0; level < depth; level++) {
                boolean array = this == ARRAYS || this == UNCLOSED || (this == ALTERNATING && level % 2 == 0);
                text.append(array ? "[" : "{\"a\":");
            }
            text.append("1");
            if (this != UNCLOSED) {
                for (int level = depth - 1; level >= 0; level--) {
                    boolean array = this == ARRAYS || (this == ALTERNATING && level % 2 == 0);
                    text.append(array ? "]" : "}");
                }
            }
            return text.toString();
        }
    }

    /** Depths from a few hundred, where a recursive reader is still fine, to 100,000, where it overflows its stack. */
    static Arbitrary<Integer> nestingDepths() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(100, 2_000)),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(2_000, 20_000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(20_000, 100_000)));
    }

    private static JsonNode parseOrNull(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }
}
