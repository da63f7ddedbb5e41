package dev.invalidator.schemas.json;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Text generators that favour what breaks JSON and Redis keys: quotes, escapes, braces, non-ASCII, emoji. */
public final class TextArbitraries {

    private TextArbitraries() {
    }

    /** Text of 1..maxPieces pieces; each piece is a short word or one awkward character. */
    public static Arbitrary<String> text(int maxPieces) {
        Arbitrary<String> word = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6);
        Arbitrary<String> awkward = Arbitraries.of("{", "}", "\"", "\\", "/", "~", ":", "*", "?", "[", "]", " ",
                "\n", "\t", "\u0000", "\u007f", "ü", "€", "\u2028", "\uD83D\uDE00", "\uDBFF\uDFFF");
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, word),
                        net.jqwik.api.Tuple.of(2, awkward),
                        net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMinLength(1).ofMaxLength(3)
                                .filter(TextArbitraries::isUnicode)))
                .list().ofMinSize(1).ofMaxSize(maxPieces)
                .map(pieces -> String.join("", pieces));
    }

    /** True when {@code text} has no lone UTF-16 surrogate (jqwik's default strings may contain them). */
    public static boolean isUnicode(String text) {
        return text.codePoints().noneMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
    }
}
