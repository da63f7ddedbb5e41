package dev.invalidator.rules.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TemplateCompileTest {

    static Stream<Arguments> validTemplates() {
        return Stream.of(
                Arguments.of("product:{id}", List.of(new Placeholder(ImageSelector.DEFAULT, "id", 8))),
                Arguments.of("product:sku:{before.sku}",
                        List.of(new Placeholder(ImageSelector.BEFORE, "sku", 12))),
                Arguments.of("category:{after.category_id}:page:*",
                        List.of(new Placeholder(ImageSelector.AFTER, "category_id", 9))),
                Arguments.of("order:{order_id}:line:{line_no}", List.of(
                        new Placeholder(ImageSelector.DEFAULT, "order_id", 6),
                        new Placeholder(ImageSelector.DEFAULT, "line_no", 22))),
                Arguments.of("static:all-products", List.of()),
                Arguments.of("{{literal}}", List.of()),
                Arguments.of("user:{{{id}}}:profile", List.of(new Placeholder(ImageSelector.DEFAULT, "id", 7))),
                Arguments.of("x:{_private}", List.of(new Placeholder(ImageSelector.DEFAULT, "_private", 2))),
                Arguments.of("x:{price$eur}", List.of(new Placeholder(ImageSelector.DEFAULT, "price$eur", 2))),
                Arguments.of("x:{2fa_enabled}", List.of(new Placeholder(ImageSelector.DEFAULT, "2fa_enabled", 2))),
                Arguments.of("x:{prénom}", List.of(new Placeholder(ImageSelector.DEFAULT, "prénom", 2))),
                Arguments.of("x:{名前}", List.of(new Placeholder(ImageSelector.DEFAULT, "名前", 2))),
                Arguments.of("x:{CamelCase}", List.of(new Placeholder(ImageSelector.DEFAULT, "CamelCase", 2))),
                Arguments.of("x:{before}", List.of(new Placeholder(ImageSelector.DEFAULT, "before", 2))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validTemplates")
    void compile_validKey_findsPlaceholdersWithOffsets(String source, List<Placeholder> expected) throws Exception {
        Template template = Template.compile(source, TargetKind.KEY);

        assertThat(template.placeholders()).containsExactlyElementsOf(expected);
        assertThat(template.source()).isEqualTo(source);
        assertThat(template.kind()).isEqualTo(TargetKind.KEY);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validTemplates")
    void compile_validPattern_findsTheSamePlaceholders(String source, List<Placeholder> expected) throws Exception {
        assertThat(Template.compile(source, TargetKind.PATTERN).placeholders()).containsExactlyElementsOf(expected);
    }

    @Test
    void placeholder_toString_isHowItIsWritten() {
        assertThat(new Placeholder(ImageSelector.DEFAULT, "id", 0)).hasToString("{id}");
        assertThat(new Placeholder(ImageSelector.BEFORE, "sku", 0)).hasToString("{before.sku}");
        assertThat(new Placeholder(ImageSelector.AFTER, "sku", 0)).hasToString("{after.sku}");
    }

    @ParameterizedTest(name = "[{0}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            KEY     | ""                   | 0  | empty template
            KEY     | product:{id          | 8  | unclosed '{': a placeholder is '{column}'; write '{{' for a literal '{'
            KEY     | product:{a{b}        | 8  | unclosed '{'
            KEY     | product:{{{id        | 10 | unclosed '{'
            KEY     | product:id}          | 10 | '}' without a matching '{': write '}}' for a literal '}'
            KEY     | product:{id}}        | 12 | '}' without a matching '{'
            KEY     | product:{}           | 8  | empty placeholder '{}': name a column, as in '{id}', '{before.id}' or '{after.id}'
            KEY     | product:{old.x}      | 9  | unknown image 'old' in '{old.x}': write '{before.x}', '{after.x}' or '{x}'
            KEY     | product:{Before.x}   | 9  | unknown image 'Before' in '{Before.x}'
            KEY     | product:{a.b.c}      | 9  | unknown image 'a' in '{a.b.c}'
            KEY     | product:{.x}         | 9  | missing image before '.' in '{.x}': write '{before.x}', '{after.x}' or '{x}'
            KEY     | product:{before.}    | 16 | missing column name in '{before.}': write a column after the '.'
            KEY     | product:{after.}     | 15 | missing column name in '{after.}'
            KEY     | product:{pro-duct}   | 12 | '-' is not allowed in column name 'pro-duct': column names use letters, digits, '_' and '$'
            KEY     | product:{before.a.b} | 17 | '.' is not allowed in column name 'a.b'
            KEY     | product:{ id}        | 9  | a space is not allowed in column name ' id'
            KEY     | product:{id }        | 11 | a space is not allowed in column name 'id '
            KEY     | product:{$id}        | 9  | column name '$id' starts with '$': a column name starts with a letter, digit or '_'
            KEY     | product:{123}        | 9  | column name '123' is only digits: a column name needs a letter or '_'
            KEY     | product:{before.42}  | 16 | column name '42' is only digits
            PATTERN | product:{id          | 8  | unclosed '{'
            PATTERN | cat:[{id}]           | 4  | {id} inside a '[...]' character class: a value can only be used as literal text
            PATTERN | cat:[^a{id}]:*       | 4  | {id} inside a '[...]' character class
            PATTERN | cat:\\{id}           | 4  | '\\' before {id} would escape the value's first character: write '\\\\' for a literal backslash
            PATTERN | cat:[abc             | 4  | unclosed '[': a character class ends with ']'; write '\\[' for a literal '['
            PATTERN | cat:[a\\]             | 4  | unclosed '['
            PATTERN | cat:*\\              | 5  | '\\' at the end of the pattern escapes nothing: write '\\\\' for a literal backslash
            """)
    void compile_invalid_reportsOffsetAndWhatIsWrong(TargetKind kind, String source, int offset, String message) {
        TemplateSyntaxException error = catchThrowableOfType(TemplateSyntaxException.class,
                () -> Template.compile(source, kind));

        assertThat(error).as("compile error for %s", source).isNotNull();
        assertThat(error.getMessage()).startsWith(message);
        assertThat(error.offset()).isEqualTo(offset);
        assertThat(error.template()).isEqualTo(source);
    }

    @Test
    void compile_unicodeBeforeTheError_countsOffsetInUtf16Units() {
        TemplateSyntaxException accented = catchThrowableOfType(TemplateSyntaxException.class,
                () -> Template.compile("città:{prezzo-x}", TargetKind.KEY));
        TemplateSyntaxException astral = catchThrowableOfType(TemplateSyntaxException.class,
                () -> Template.compile("🚀:{a-b}", TargetKind.KEY));

        assertThat(accented.offset()).isEqualTo(13);
        assertThat(astral.offset()).isEqualTo(5);
    }

    @Test
    void compile_quotedIdentifier_isRefusedAtTheQuote() {
        TemplateSyntaxException error = catchThrowableOfType(TemplateSyntaxException.class,
                () -> Template.compile("product:{\"Id\"}", TargetKind.KEY));

        assertThat(error.getMessage()).startsWith("'\"' is not allowed in column name '\"Id\"'");
        assertThat(error.offset()).isEqualTo(9);
    }

    @Test
    void compile_invisibleCharacterInColumn_namesItsCodePoint() {
        TemplateSyntaxException error = catchThrowableOfType(TemplateSyntaxException.class,
                () -> Template.compile("x:{i\u200Bd}", TargetKind.KEY));

        assertThat(error.getMessage()).startsWith("U+200B is not allowed in column name");
        assertThat(error.offset()).isEqualTo(4);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            cat:[{{id}}]
            cat:\\{{x
            cat:[ab]{id}\\*
            tag:\\[{id}\\]
            """)
    void compile_globSyntaxAroundPlaceholdersThatKeepsValuesLiteral_isAPattern(String source) throws Exception {
        assertThat(Template.compile(source, TargetKind.PATTERN).kind()).isEqualTo(TargetKind.PATTERN);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            cat:[{id}]
            cat:\\{id}
            cat:[abc
            """)
    void compile_globCharactersInAKey_areJustText(String source) throws Exception {
        assertThat(Template.compile(source, TargetKind.KEY).placeholders()).hasSizeLessThanOrEqualTo(1);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            *                 | true
            **                | true
            ?*                | true
            *?*               | true
            {id}*             | true
            *{id}*            | true
            {a}{b}**          | true
            {id}              | false
            ???               | false
            cat:*             | false
            *:{id}            | false
            \\*               | false
            [a-z]*            | false
            {{*               | false
            *}}               | false
            """)
    void canMatchEveryKey_pattern_isTrueOnlyForWildcardsAroundPlaceholders(String source, boolean expected)
            throws Exception {
        assertThat(Template.compile(source, TargetKind.PATTERN).canMatchEveryKey()).isEqualTo(expected);
    }

    @Test
    void canMatchEveryKey_key_isFalseEvenForAStar() throws Exception {
        assertThat(Template.compile("*", TargetKind.KEY).canMatchEveryKey()).isFalse();
    }
}
