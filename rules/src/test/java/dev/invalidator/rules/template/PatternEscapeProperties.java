package dev.invalidator.rules.template;

import static dev.invalidator.rules.template.Events.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.schemas.change.ChangeEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * A value substituted into a pattern matches, by Redis's own rules, exactly the key built from the same value: no
 * row value can widen a pattern, and the template's own wildcards still work.
 */
class PatternEscapeProperties {

    private static final String TEMPLATE = "tag:{name}:x";

    private final Template key = compile(TEMPLATE, TargetKind.KEY);
    private final Template pattern = compile(TEMPLATE, TargetKind.PATTERN);
    private final Template prefixKey = compile("tag:{name}:", TargetKind.KEY);
    private final Template prefixPattern = compile("tag:{name}:*", TargetKind.PATTERN);

    private static Template compile(String source, TargetKind kind) {
        try {
            return Template.compile(source, kind);
        } catch (TemplateSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static String render(Template template, String name) {
        ChangeEvent event = Events.create(row("id", 1), row("id", 1, "name", name));
        RenderResult result = template.render(event, BeforeImagePolicy.full());
        assertThat(result).isInstanceOf(RenderResult.Rendered.class);
        return ((RenderResult.Rendered) result).target();
    }

    /** What a Redis client sends for a key: lone surrogates become '?' here as they do there. */
    private static byte[] wire(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    @Property(tries = 2000)
    void escapedValue_matchesTheKeyOfTheSameValue(@ForAll("values") String value) {
        assertThat(RedisGlob.matches(render(pattern, value), render(key, value))).isTrue();
    }

    @Property(tries = 3000)
    void escapedValue_matchesAnotherValuesKeyOnlyWhenRedisSeesTheSameKey(
            @ForAll("valueAndAnother") Tuple2<String, String> pair) {
        String keyOfOther = render(key, pair.get2());
        boolean sameKeyOnTheWire = Arrays.equals(wire(render(key, pair.get1())), wire(keyOfOther));

        assertThat(RedisGlob.matches(render(pattern, pair.get1()), keyOfOther)).isEqualTo(sameKeyOnTheWire);
    }

    @Property(tries = 1000)
    void literalStar_staysAWildcardAfterAnyValue(@ForAll("values") String value, @ForAll("values") String rest) {
        String keyUnderPrefix = render(prefixKey, value) + rest;

        assertThat(RedisGlob.matches(render(prefixPattern, value), keyUnderPrefix)).isTrue();
    }

    /** Any text, and text made of the characters that mean something to globs, to templates or to UTF-8. */
    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(16),
                Arbitraries.strings().withChars("*?[]\\^-!{}:xé\uD83D\uDE80\uD800\uDC00").ofMaxLength(12));
    }

    /** A value with another that is often one edit away, where an unescaped wildcard would match. */
    @Provide
    Arbitrary<Tuple2<String, String>> valueAndAnother() {
        return values().flatMap(value -> Arbitraries.oneOf(
                values(),
                values().map(extra -> value + extra),
                values().map(extra -> extra + value),
                Arbitraries.integers().between(0, value.length()).map(end -> value.substring(0, end)),
                replacedCharacter(value))
                .map(other -> Tuple.of(value, other)));
    }

    private static Arbitrary<String> replacedCharacter(String value) {
        if (value.isEmpty()) {
            return Arbitraries.just(value);
        }
        return Combinators.combine(
                        Arbitraries.integers().between(0, value.length() - 1),
                        Arbitraries.chars().with("x*?[]\\a-^é"))
                .as((at, replacement) -> value.substring(0, at) + replacement + value.substring(at + 1));
    }
}
