package dev.invalidator.rules.condition;

import static dev.invalidator.rules.condition.Conditions.failure;
import static dev.invalidator.rules.condition.Conditions.holds;
import static dev.invalidator.rules.condition.Conditions.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.schemas.change.ChangeEvent;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A condition comes from a rule file, which is configuration that anyone with access to the rules directory can
 * change. None of these may compile: each one would reach the JVM through a language that exposes Java objects
 * (JEXL, SpEL, MVEL, OGNL without restrictions), or cost unbounded work.
 */
class ConditionSandboxTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "''.getClass() != null",
            "after.getClass().forName('java.lang.Runtime') != null",
            "after.status.getClass().getName() == 'java.lang.String'",
            "java.lang.Runtime.getRuntime().exec('id') != null",
            "T(java.lang.Runtime).getRuntime() != null",
            "new java.io.File('/etc/passwd').exists()",
            "java.nio.file.Files.readString('/etc/passwd') != ''",
            "System.getenv('HOME') != ''",
            "env.HOME != ''",
            "System != null",
            "Class.forName('java.lang.Runtime') != null",
            "after.status.toUpperCase() == 'LIVE'",
            "after.clear() == null",
            "#this != null",
            "@bean != null",
            "__import__('os') != null",
    })
    void compile_expressionReachingJava_isRejected(String expression) {
        assertThat(problems(expression)).isNotEmpty();
    }

    @Test
    void evaluate_fieldNamedLikeAJavaProperty_isOnlyAColumnLookup() {
        // In JEXL or SpEL `after.class` reaches java.lang.Class; in CEL it is the map entry named "class".
        ChangeEvent withoutSuchColumn = Events.create(Events.row("id", 7L));
        ChangeEvent withSuchColumn = Events.create(Events.row("id", 7L, "class", "economy"));

        assertThat(failure("after.class.name == 'java.util.HashMap'", withoutSuchColumn))
                .contains("key 'class' is not present in map");
        assertThat(holds("after['class'] == 'economy'", withSuchColumn)).isTrue();
    }

    @Test
    void compile_getClass_isRejectedWithItsPosition() {
        List<ConditionProblem> problems = problems("''.getClass() != null");

        assertThat(problems).first().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(1);
            assertThat(problem.column()).isEqualTo(12);
            assertThat(problem.message()).contains("undeclared reference to 'getClass'");
        });
    }

    @Test
    void compile_unknownVariable_namesWhatConditionsCanUse() {
        assertThat(problems("env.HOME == 'x'")).first().satisfies(problem -> {
            assertThat(problem.toString()).startsWith("1:1: undeclared reference to 'env'");
            assertThat(problem.message()).contains("before, after, op, table, source and changed('column')");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "type(after) == map",
            "type(after.status) == string",
            "type(1) == int",
            "string == string",
            "dyn(after) == google.protobuf.Struct{}",
            "google.protobuf.Timestamp{seconds: 1} != null",
            "dev.invalidator.rules.condition.Condition{} != null",
    })
    void compile_typeAndMessageTricks_areRejected(String expression) {
        assertThat(problems(expression)).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "exists(after, c, true)",
            "now() > 0",
            "sleep(1000)",
            "readFile('/etc/passwd') != ''",
            "http.get('x') != null",
            "cel.bind(x, 1, x == 1)",
            "after.status.format([]) == ''",
            "base64.encode(b'x') == ''",
            "math.greatest(1, 2) == 2",
    })
    void compile_unknownFunction_isRejected(String expression) {
        assertThat(problems(expression)).isNotEmpty();
    }

    @Test
    void compile_hiddenChangedPlumbing_cannotBeNamed() {
        assertThat(problems("@event != null")).isNotEmpty();
        assertThat(problems("@changed(@event, 'price')")).isNotEmpty();
        assertThat(problems("invalidator_changed_event_string(after, 'price')")).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[1, 2, 3].all(x, x > 0)",
            "[1, 2, 3].exists(x, x > 2)",
            "[1, 2, 3].exists_one(x, x > 2)",
            "[1, 2, 3].map(x, x * 2) == [2, 4, 6]",
            "[1, 2, 3].filter(x, x > 1) == [2, 3]",
            "after.exists(column, after[column] == null)",
            "[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, [1,2,3,4,5,6,7,8,9,10].all(c, a + b + c > 0)))",
    })
    void compile_comprehensionMacros_areRejected(String expression) {
        assertThat(problems(expression)).isNotEmpty();
    }

    @Test
    void compile_loopMacro_saysConditionsHaveNoLoops() {
        assertThat(problems("[1, 2].exists(x, x == 2)")).first().satisfies(problem -> {
            assertThat(problem.column()).isEqualTo(14);
            assertThat(problem.message()).isEqualTo(
                    "'exists' is not available: conditions have no loops; rows are flat, so compare the columns themselves");
        });
    }

    @Test
    void compile_tooLongExpression_isRejectedWithTheLimit() {
        String expression = "after.status == '" + "x".repeat(ConditionLanguage.MAX_LENGTH) + "'";

        assertThat(problems(expression)).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(1);
            assertThat(problem.column()).isEqualTo(1);
            assertThat(problem.message()).contains("exceeds limit").contains(String.valueOf(ConditionLanguage.MAX_LENGTH));
        });
    }

    @Test
    void compile_deeplyNestedExpression_isRejectedWithTheLimit() {
        int depth = ConditionLanguage.MAX_NESTING + 10;
        String expression = "(".repeat(depth) + "after.id == 1" + ")".repeat(depth);

        assertThat(problems(expression)).first().satisfies(problem ->
                assertThat(problem.message()).contains("recursion limit").contains(String.valueOf(ConditionLanguage.MAX_NESTING)));
    }

    @Test
    void compile_longArithmeticChain_isRejectedByTheNestingLimit() {
        String expression = "after.id == 0" + " + 1".repeat(100);

        assertThat(problems(expression)).first().satisfies(problem ->
                assertThat(problem.message()).contains("recursion limit"));
    }

    @Test
    void compile_tooManyNodes_isRejectedWithTheLimit() {
        // && and || chains are rebalanced by the parser, so nesting stays shallow; the node count still bounds them.
        String expression = "1 == 1" + " || 1 == 1".repeat(80);

        assertThat(expression.length()).isLessThan(ConditionLanguage.MAX_LENGTH);
        assertThat(problems(expression)).first().satisfies(problem ->
                assertThat(problem.message()).contains("node limit").contains(String.valueOf(ConditionLanguage.MAX_NODES)));
    }
}
