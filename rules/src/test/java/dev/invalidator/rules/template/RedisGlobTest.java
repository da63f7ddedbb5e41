package dev.invalidator.rules.template;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The test matcher agrees with the examples of Redis's KEYS documentation and its util.c tests. */
class RedisGlobTest {

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            h?llo       | hello     | true
            h?llo       | hallo     | true
            h?llo       | hllo      | false
            h*llo       | hllo      | true
            h*llo       | heeeello  | true
            h[ae]llo    | hello     | true
            h[ae]llo    | hillo     | false
            h[^e]llo    | hallo     | true
            h[^e]llo    | hello     | false
            h[a-b]llo   | hbllo     | true
            h[b-a]llo   | hallo     | true
            h[a-b]llo   | hcllo     | false
            h\\*llo     | h*llo     | true
            h\\*llo     | hello     | false
            h[\\]]llo   | h]llo     | true
            *           | anything  | true
            *           | ""        | false
            **          | x         | true
            a*          | a         | true
            a**         | a         | true
            a*b*c       | aXbYc     | true
            a*b*c       | aXbY      | false
            ""          | ""        | true
            ""          | a         | false
            abc         | ab        | false
            ab          | abc       | false
            \\\\        | \\        | true
            \\          | \\        | true
            a[          | a[        | false
            a[b         | ab        | true
            ?           | é         | false
            ??          | é         | true
            *a*a*a*a*a*a*a*a*a*b | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | false
            """)
    void matches_followsRedis(String pattern, String key, boolean expected) {
        assertThat(RedisGlob.matches(pattern, key)).isEqualTo(expected);
    }
}
