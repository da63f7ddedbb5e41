package dev.invalidator.service.cli;

import dev.invalidator.rules.engine.BeforeImages;
import dev.invalidator.rules.engine.LiveRules;
import dev.invalidator.rules.engine.RuleSetLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code invalidator rules diff OLD_DIR NEW_DIR --events FILE}: replays recorded events through two rule sets and
 * prints the events whose plans differ, so a rule change can be reviewed before it ships.
 */
@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        description = {"Replay recorded events through two rule sets; print only the events whose plans differ.",
                "Exit status: 0 when no plan differs, 1 when some do, 2 when the rules or events cannot be read."})
final class RulesDiffCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "OLD_DIR", description = "The rules in force.")
    Path oldDirectory;

    @Parameters(index = "1", paramLabel = "NEW_DIR", description = "The rules proposed.")
    Path newDirectory;

    @Option(names = "--events", required = true, paramLabel = "FILE", description = "Recorded events (JSON Lines).")
    Path eventFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LiveRules oldRules = load(oldDirectory, err);
        LiveRules newRules = load(newDirectory, err);
        if (oldRules == null || newRules == null) {
            err.flush();
            return 2;
        }
        List<EventFile.Input> inputs;
        try {
            inputs = new EventFile().read(eventFile);
        } catch (IOException e) {
            err.println(eventFile + ": cannot read: " + e.getMessage());
            err.flush();
            return 2;
        }
        EventPlanner oldPlanner = new EventPlanner(oldRules);
        EventPlanner newPlanner = new EventPlanner(newRules);
        int differing = 0;
        for (EventFile.Input input : inputs) {
            PlanView before = oldPlanner.plan(input);
            PlanView after = newPlanner.plan(input);
            List<String> differences = after.differencesFrom(before);
            if (!differences.isEmpty()) {
                differing++;
                out.println(input.origin() + "  " + (after.topic() == null ? "-" : after.topic())
                        + (after.op() == null ? "" : " " + after.op()));
                differences.forEach(line -> out.println("  " + line));
            }
        }
        out.println(differing + " of " + inputs.size() + " events plan differently");
        out.flush();
        return differing == 0 ? 0 : 1;
    }

    private static LiveRules load(Path directory, PrintWriter err) {
        RuleSetLoader.Loaded loaded = new RuleSetLoader().load(directory);
        if (loaded.engine().isEmpty()) {
            loaded.problems().stream().filter(p -> p.isError()).forEach(problem -> err.println(problem));
            err.println(directory + ": the rules do not load");
            return null;
        }
        return new LiveRules(loaded.engine().get(), BeforeImages.learning());
    }
}
