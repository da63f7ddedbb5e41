package dev.invalidator.service.cli;

import dev.invalidator.rules.engine.ExampleChecker;
import dev.invalidator.rules.engine.RuleEngine;
import dev.invalidator.rules.engine.RuleSetLoader;
import dev.invalidator.rules.file.RuleProblem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code invalidator rules check DIR}: validate every rule file and run every rule's examples. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {"Validate the rule files under DIR and run every rule's examples.",
                "Exit status: 0 when all is well (warnings allowed), 1 when there are errors or failing examples."})
final class RulesCheckCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "Directory of .yaml/.yml rule files (read recursively).")
    Path directory;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RuleSetLoader.Loaded loaded = new RuleSetLoader().load(directory);
        loaded.problems().forEach(problem -> out.println(problem));
        if (loaded.engine().isEmpty()) {
            long errors = loaded.problems().stream().filter(RuleProblem::isError).count();
            out.println(errors + (errors == 1 ? " error" : " errors") + " in " + loaded.fileCount() + " rule files");
            out.flush();
            return 1;
        }
        RuleEngine engine = loaded.engine().get();
        ExampleChecker examples = new ExampleChecker();
        List<RuleProblem> failures = examples.check(engine);
        failures.forEach(failure -> out.println(failure));
        int total = examples.count(engine);
        out.println(engine.ruleNames().size() + " rules in " + loaded.fileCount() + " files; "
                + (total - failures.size()) + " of " + total + " examples pass");
        out.flush();
        return failures.isEmpty() ? 0 : 1;
    }
}
