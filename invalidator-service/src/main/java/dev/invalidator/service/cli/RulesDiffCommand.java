package dev.invalidator.service.cli;

import dev.invalidator.rules.engine.LiveRules;
import dev.invalidator.service.rules.EventInput;
import dev.invalidator.service.rules.EventPlanner;
import dev.invalidator.service.rules.PlanView;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
        Optional<LiveRules> oldRules = CommandInputs.rules(oldDirectory, err);
        Optional<LiveRules> newRules = CommandInputs.rules(newDirectory, err);
        Optional<List<EventInput>> inputs = oldRules.isEmpty() || newRules.isEmpty()
                ? Optional.empty()
                : CommandInputs.events(eventFile, err);
        if (inputs.isEmpty()) {
            err.flush();
            return 2;
        }
        EventPlanner oldPlanner = EventPlanner.learning(oldRules.get());
        EventPlanner newPlanner = EventPlanner.learning(newRules.get());
        int differing = 0;
        for (EventInput input : inputs.get()) {
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
        out.println(differing + " of " + inputs.get().size() + " events plan differently");
        out.flush();
        return differing == 0 ? 0 : 1;
    }
}
