package dev.invalidator.rules.engine;

import dev.invalidator.rules.file.RuleDirectoryLoader;
import dev.invalidator.rules.file.RuleProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Loads a rules directory all the way to a {@link RuleEngine}: read, parse, check across files, compile. */
public final class RuleSetLoader {

    private final RuleDirectoryLoader files = new RuleDirectoryLoader();

    /**
     * The outcome of one load.
     *
     * @param engine    present when there were no errors
     * @param problems  every problem of the load, errors and warnings, in file order
     * @param fileCount how many rule files were read
     */
    public record Loaded(Optional<RuleEngine> engine, List<RuleProblem> problems, int fileCount) {
        public Loaded {
            problems = List.copyOf(problems);
        }

        public boolean hasErrors() {
            return problems.stream().anyMatch(RuleProblem::isError);
        }
    }

    public Loaded load(Path directory) {
        RuleDirectoryLoader.Result read = files.load(directory);
        List<RuleProblem> problems = new ArrayList<>(read.problems());
        // The rules that did read are compiled even when others did not, so one load reports every error.
        RuleEngine.Compilation compilation = RuleEngine.compile(read.rules());
        problems.addAll(compilation.problems());
        Optional<RuleEngine> engine = read.hasErrors() ? Optional.empty() : compilation.engine();
        return new Loaded(engine, problems, read.files().size());
    }
}
