package dev.invalidator.service.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
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

/** {@code invalidator rules test DIR --event FILE [--json]}: what the rules would invalidate for each event. */
@Command(
        name = "test",
        mixinStandardHelpOptions = true,
        description = {"Print, for each event in FILE, the rules that match and what they would invalidate.",
                "Touches nothing. FILE holds one event or JSON Lines of them: Debezium's record value, or",
                "{\"topic\":…,\"key\":…,\"value\":…}. Exit status: 0, or 1 when an event could not be planned."})
final class RulesTestCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "Directory of rule files.")
    Path directory;

    @Option(names = "--event", required = true, paramLabel = "FILE", description = "The event file.")
    Path eventFile;

    @Option(names = "--json", description = "One JSON object per input event, in input order.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<LiveRules> rules = CommandInputs.rules(directory, err);
        Optional<List<EventInput>> inputs = rules.isEmpty() ? Optional.empty() : CommandInputs.events(eventFile, err);
        if (inputs.isEmpty()) {
            err.flush();
            return 2;
        }
        EventPlanner planner = EventPlanner.learning(rules.get());
        ObjectMapper mapper = new ObjectMapper();
        boolean anyError = false;
        for (EventInput input : inputs.get()) {
            PlanView view = planner.plan(input);
            anyError |= view.error() != null;
            if (json) {
                out.println(view.toJson(mapper));
            } else {
                printForPeople(out, input.origin(), view);
            }
        }
        out.flush();
        return anyError ? 1 : 0;
    }

    private static void printForPeople(PrintWriter out, String origin, PlanView view) {
        out.println(origin + "  " + (view.topic() == null ? "-" : view.topic()) + (view.op() == null ? "" : " " + view.op()));
        if (view.error() != null) {
            out.println("  error:    " + view.error());
        }
        if (view.rules().isEmpty() && view.error() == null) {
            out.println("  no rule matches: nothing to invalidate");
        } else {
            out.println("  rules:    " + String.join(", ", view.rules()));
        }
        line(out, "keys:    ", view.keys());
        line(out, "patterns:", view.patterns());
        line(out, "tags:    ", view.tags());
        line(out, "versions:", view.versions());
        for (String refresh : view.refresh()) {
            out.println("  refresh:  " + refresh);
        }
        if (!view.soft().isEmpty()) {
            out.println("  soft:     " + String.join(", ", view.soft()) + "  (near-caches refresh, not drop)");
        }
        if (view.cascade()) {
            out.println("  cascade:  dependents of the keys too");
        }
        for (PlanView.Skip skip : view.skipped()) {
            out.println("  skipped:  " + skip.target() + "  (" + skip.reason() + "; rule " + skip.rule() + ")");
        }
    }

    private static void line(PrintWriter out, String label, List<String> values) {
        if (!values.isEmpty()) {
            out.println("  " + label + " " + String.join(" ", values));
        }
    }
}
