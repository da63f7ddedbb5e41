package dev.invalidator.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.rules.file.RuleDefinition;
import dev.invalidator.rules.file.RuleDirectoryLoader;
import dev.invalidator.rules.file.RuleProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rule sets under {@code rules/examples/} are what users copy, so each must load and compile without errors and
 * every one of its examples must hold. Conditions ({@code when}) are part of the examples: this test needs the
 * condition compiler to pass.
 */
class ExampleRuleSetsTest {

    /** Surefire runs in the module directory. */
    private static final Path EXAMPLES = Path.of("examples");

    static List<Path> ruleSets() throws IOException {
        try (Stream<Path> sets = Files.list(EXAMPLES)) {
            return sets.filter(Files::isDirectory).sorted().toList();
        }
    }

    @Test
    void ruleSets_shopSocialTracker_exist() throws IOException {
        assertThat(ruleSets()).extracting(set -> set.getFileName().toString()).contains("shop", "social", "tracker");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ruleSets")
    void check_ruleSet_compilesAndEveryExampleHolds(Path set) {
        RuleDirectoryLoader.Result loaded = new RuleDirectoryLoader().load(set);
        assertThat(loaded.problems()).filteredOn(RuleProblem::isError).isEmpty();

        RuleEngine.Compilation compiled = RuleEngine.compile(loaded.rules());
        assertThat(compiled.problems()).filteredOn(RuleProblem::isError).extracting(RuleProblem::toString).isEmpty();

        RuleEngine engine = compiled.engine().orElseThrow();
        assertThat(new ExampleChecker().check(engine)).extracting(RuleProblem::toString).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ruleSets")
    void examples_everyRule_hasSeveral(Path set) {
        List<RuleDefinition> rules = new RuleDirectoryLoader().load(set).rules();

        assertThat(rules).isNotEmpty().allSatisfy(rule ->
                assertThat(rule.examples()).as(rule.name().value()).hasSizeGreaterThanOrEqualTo(2));
    }

    @Test
    void load_allSetsTogether_namesDoNotClash() {
        RuleDirectoryLoader.Result loaded = new RuleDirectoryLoader().load(EXAMPLES);

        assertThat(loaded.problems()).filteredOn(RuleProblem::isError).isEmpty();
    }
}
