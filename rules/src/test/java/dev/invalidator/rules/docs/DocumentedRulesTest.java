package dev.invalidator.rules.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.rules.engine.ExampleChecker;
import dev.invalidator.rules.engine.RuleEngine;
import dev.invalidator.rules.file.RuleDirectoryLoader;
import dev.invalidator.rules.file.RuleProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules shown in the documentation are what readers copy: every YAML block of {@code docs/rules.md} and
 * {@code docs/strategies.md} that lists rules ({@code - name:} first) must load and compile without errors, and its
 * examples must hold.
 */
class DocumentedRulesTest {

    /** Surefire runs in the module directory. */
    private static final Path DOCS = Path.of("..", "docs");
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    record Snippet(String document, int line, String yaml) {
        @Override
        public String toString() {
            return document + ":" + line;
        }
    }

    static List<Snippet> snippets() throws IOException {
        List<Snippet> snippets = new ArrayList<>();
        for (String document : List.of("rules.md", "strategies.md")) {
            String text = Files.readString(DOCS.resolve(document));
            Matcher block = YAML_BLOCK.matcher(text);
            while (block.find()) {
                String yaml = block.group(1);
                if (yaml.stripLeading().startsWith("- name:")) {
                    int line = (int) text.substring(0, block.start()).lines().count() + 2;
                    snippets.add(new Snippet(document, line, yaml));
                }
            }
        }
        return snippets;
    }

    @Test
    void snippets_bothDocuments_haveRuleBlocks() throws IOException {
        assertThat(snippets()).extracting(Snippet::document).contains("rules.md", "strategies.md");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snippets")
    void documentedRules_compileAndTheirExamplesHold(Snippet snippet, @TempDir Path rules) throws IOException {
        String indented = snippet.yaml().startsWith("- ") ? snippet.yaml().indent(2) : snippet.yaml();
        Files.writeString(rules.resolve("documented.yaml"), "version: 1\nrules:\n" + indented);

        RuleDirectoryLoader.Result loaded = new RuleDirectoryLoader().load(rules);
        assertThat(loaded.problems()).as(snippet.toString()).filteredOn(RuleProblem::isError)
                .extracting(RuleProblem::toString).isEmpty();
        RuleEngine.Compilation compiled = RuleEngine.compile(loaded.rules());
        assertThat(compiled.problems()).as(snippet.toString()).filteredOn(RuleProblem::isError)
                .extracting(RuleProblem::toString).isEmpty();
        assertThat(new ExampleChecker().check(compiled.engine().orElseThrow())).as(snippet.toString())
                .extracting(RuleProblem::toString).isEmpty();
    }
}
