package dev.invalidator.rules.condition;

import static dev.invalidator.rules.condition.Conditions.compile;
import static dev.invalidator.rules.condition.Conditions.holds;
import static dev.invalidator.rules.condition.Conditions.problems;
import static dev.invalidator.rules.condition.Events.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.invalidator.schemas.change.ChangeEvent;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConditionCompilerTest {

    private final ChangeEvent update = Events.update(product(7, "live", "10", 3), product(7, "live", "12", 3));

    @ParameterizedTest
    @ValueSource(strings = {
            "after.status != 'draft'",
            "op == 'update' && changed('price')",
            "before.category_id != after.category_id",
            "after.price > 100.0",
            "after.price > 100",
            "source.snapshot == false",
            "after.deleted_at == null",
            "has(after.description) && after.description.contains('sale')",
            "table == 'shop.public.products' && source.connector == 'postgresql'",
            "op in ['create', 'update'] || (op == 'delete' && before.status == 'live')",
            "after.sku.startsWith('A-') && size(after.sku) < 10",
            "after.status.matches('^(live|archived)$')",
            "int(after.price) % 2 == 0 ? true : false",
    })
    void compile_realisticCondition_compiles(String expression) {
        assertThat(compile(expression).expression()).isEqualTo(expression);
    }

    @ParameterizedTest
    @ValueSource(strings = {"after.price + 1", "'draft'", "op", "after", "null", "1 == 1 ? 'a' : 'b'", "size(after)"})
    void compile_nonBooleanExpression_isRejected(String expression) {
        assertThat(problems(expression)).singleElement()
                .satisfies(problem -> assertThat(problem.message()).startsWith("a condition must be true or false"));
    }

    @Test
    void compile_nonBooleanExpression_namesTheTypeItGives() {
        assertThat(problems("after.price + 1").get(0).message())
                .isEqualTo("a condition must be true or false, but this expression gives int");
        assertThat(problems("op").get(0).message())
                .isEqualTo("a condition must be true or false, but this expression gives string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"after.status", "after.is_public", "source.snapshot", "after['x']", "op == 'c' ? after.a : after.b"})
    void compile_bareColumn_isRejectedBecauseItsTypeDependsOnTheRow(String expression) {
        // Only comparisons are sure to give true or false; a bare column could hold a string on some event.
        assertThat(problems(expression)).singleElement().satisfies(problem -> {
            assertThat(problem.toString()).startsWith("1:1: a condition must be true or false");
            assertThat(problem.message()).contains("after.is_public == true");
        });
    }

    @Test
    void compile_syntaxError_isPlacedAtLineAndColumn() {
        List<ConditionProblem> problems = problems("after.status != 'draft' &&");

        assertThat(problems).isNotEmpty();
        assertThat(problems.get(0).line()).isEqualTo(1);
        assertThat(problems.get(0).column()).isEqualTo(27);
    }

    @Test
    void compile_errorOnALaterLine_isPlacedOnThatLine() {
        // YAML block scalars (when: >- ...) give multi-line conditions; positions are within the expression.
        List<ConditionProblem> problems = problems("after.status != 'draft'\n  && nosuch.column == 1");

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(2);
            assertThat(problem.column()).isEqualTo(6);
            assertThat(problem.toString()).startsWith("2:6: undeclared reference to 'nosuch'");
        });
    }

    @Test
    void compile_severalProblems_areAllReported() {
        assertThat(problems("foo == 1 && bar == 2")).extracting(ConditionProblem::column).containsExactly(1, 13);
    }

    @Test
    void compile_unclosedString_isRejected() {
        assertThat(problems("after.status == 'draft")).isNotEmpty();
    }

    @Test
    void compile_emptyExpression_isRejected() {
        assertThat(problems("")).isNotEmpty();
    }

    @Test
    void compile_null_isAProgrammingError() {
        assertThatThrownBy(() -> new ConditionCompiler().compile(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void compile_changedWithoutALiteralColumn_isRejected() {
        assertThat(problems("changed(after.sku)")).singleElement().satisfies(problem -> {
            assertThat(problem.column()).isEqualTo(8);
            assertThat(problem.message()).isEqualTo("changed() takes a column name in quotes, e.g. changed('price')");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"changed()", "changed('a', 'b')", "changed"})
    void compile_changedWithWrongArguments_isRejected(String expression) {
        assertThat(problems(expression)).first().satisfies(problem ->
                assertThat(problem.message()).contains("changed takes exactly one column name in quotes"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"op == 'u'", "'u' == op", "op != 'd'", "op in ['c', 'u']", "op in ['create', 'u']"})
    void compile_debeziumOpCodes_areReadAsOperationNames(String expression) {
        assertThat(holds(expression, update)).isTrue();
    }

    @Test
    void compile_opCodeOfAnotherOperation_doesNotMatch() {
        assertThat(holds("op == 'c'", update)).isFalse();
        assertThat(holds("op in ['c', 'd']", update)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"op == 'updated'", "'insert' == op", "op != 'x'", "op in ['create', 'upsert']", "op == 'UPDATE'"})
    void compile_opComparedWithNoOperation_isRejected(String expression) {
        assertThat(problems(expression)).singleElement().satisfies(problem -> assertThat(problem.message())
                .endsWith("is not an operation: op is one of create, update, delete, read, truncate"
                        + " (Debezium's c, u, d, r, t are accepted too)"));
    }

    @Test
    void compile_opComparedWithNoOperation_pointsAtTheLiteral() {
        assertThat(problems("after.id == 1 && op == 'upsert'")).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(1);
            assertThat(problem.column()).isEqualTo(24);
        });
    }

    @Test
    void beforeColumns_columnsReadByName_areListed() {
        Condition condition = compile(
                "before.category_id != after.category_id || has(before.sku) || before['title'] == '' || changed('price')");

        assertThat(condition.beforeColumns()).containsExactlyInAnyOrder("category_id", "sku", "title");
    }

    @Test
    void beforeColumns_beforeNotRead_isEmpty() {
        assertThat(compile("after.status != 'draft' && changed('price')").beforeColumns()).isEmpty();
    }

    @Test
    void compile_sameCompiler_compilesManyConditionsIndependently() {
        ConditionCompiler compiler = new ConditionCompiler();

        CompileResult first = compiler.compile("after.id == 7");
        CompileResult second = compiler.compile("after.id == 8");

        ConditionInput input = ConditionInput.of(update);
        assertThat(((CompileResult.Compiled) first).condition().evaluate(input)).isEqualTo(ConditionResult.Decision.MATCHED);
        assertThat(((CompileResult.Compiled) second).condition().evaluate(input)).isEqualTo(ConditionResult.Decision.NOT_MATCHED);
    }
}
