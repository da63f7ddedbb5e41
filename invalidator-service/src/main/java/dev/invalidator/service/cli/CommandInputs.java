package dev.invalidator.service.cli;

import dev.invalidator.rules.engine.BeforeImages;
import dev.invalidator.rules.engine.LiveRules;
import dev.invalidator.rules.engine.RuleSetLoader;
import dev.invalidator.service.rules.EventInput;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What the {@code rules} verbs read before they work: a rules directory and an event file, each reported if bad. */
final class CommandInputs {

    private CommandInputs() {
    }

    /** The rules under {@code directory}, or empty after printing why they do not load. */
    static Optional<LiveRules> rules(Path directory, PrintWriter err) {
        RuleSetLoader.Loaded loaded = new RuleSetLoader().load(directory);
        if (loaded.engine().isEmpty()) {
            loaded.problems().stream().filter(problem -> problem.isError()).forEach(problem -> err.println(problem));
            err.println(directory + ": the rules do not load; fix them first ('invalidator rules check " + directory + "')");
            return Optional.empty();
        }
        return Optional.of(new LiveRules(loaded.engine().get(), BeforeImages.learning()));
    }

    /** The events in {@code file}, or empty after printing why it cannot be read. */
    static Optional<List<EventInput>> events(Path file, PrintWriter err) {
        try {
            return Optional.of(new EventFile().read(file));
        } catch (IOException e) {
            err.println(file + ": cannot read: " + e.getMessage());
            return Optional.empty();
        }
    }
}
