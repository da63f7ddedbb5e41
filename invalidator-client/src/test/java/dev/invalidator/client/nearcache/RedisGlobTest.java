package dev.invalidator.client.nearcache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Redis glob semantics. The expectations were checked against Redis 7.0 ({@code KEYS pattern} on a server holding
 * the subject), so they are Redis's answers, not ours; the column separator is {@code |} and {@code ''} an
 * empty subject.
 */
class RedisGlobTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            h?llo          | hello       | true
            h?llo          | hallo       | true
            h?llo          | hllo        | false
            h*llo          | hllo        | true
            h*llo          | heeeello    | true
            h*llo          | helloX      | false
            h[ae]llo       | hello       | true
            h[ae]llo       | hallo       | true
            h[ae]llo       | hillo       | false
            h[^e]llo       | hallo       | true
            h[^e]llo       | hello       | false
            h[a-b]llo      | hbllo       | true
            h[a-b]llo      | hcllo       | false
            h[b-a]llo      | hallo       | true
            *              | anything    | true
            *              | ''          | true
            **             | ''          | false
            a*             | a           | true
            a**            | a           | true
            *a*            | banana      | true
            *a*b           | banana      | false
            a*b*c          | aXbYc       | true
            a*b*c          | aXbYcZ      | false
            *:page:*       | category:3:page:12 | true
            category:3:*   | category:33:page:1 | false
            h\\*llo        | h*llo       | true
            h\\*llo        | hello       | false
            h\\?llo        | h?llo       | true
            h\\?llo        | hallo       | false
            h\\[a]llo      | h[a]llo     | true
            h\\[a]llo      | hallo       | false
            user\\:1       | user:1      | true
            a\\            | a\\         | true
            [\\]]          | ]           | true
            [a\\-z]        | -           | true
            [a\\-z]        | b           | false
            [[]            | [           | true
            [abc           | a           | true
            [abc           | ab          | false
            [^             | x           | true
            ?              | é           | false
            ??             | é           | true
            p:{7}:*        | p:{7}:x     | true
            """)
    void matches_likeRedis(String pattern, String subject, boolean expected) {
        assertThat(RedisGlob.compile(pattern).matches(subject)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> [{1}]")
    @CsvSource(delimiter = '|', textBlock = """
            product:7:*     | product:7:
            product:7       | product:7
            *:page:*        | ''
            a?c             | a
            a[bc]           | a
            a\\*b*          | a*b
            a\\[b]*         | a[b]
            ab\\            | ab\\
            """)
    void literalPrefix_stopsAtTheFirstUnescapedGlobCharacter(String pattern, String prefix) {
        RedisGlob glob = RedisGlob.compile(pattern);
        assertThat(glob.literalPrefix()).isEqualTo(prefix);
    }
}
