package dev.invalidator.service.rules;

import dev.invalidator.rules.engine.LiveRules;
import dev.invalidator.rules.engine.RuleEngine;
import dev.invalidator.rules.engine.RuleSetLoader;
import dev.invalidator.rules.file.RuleProblem;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the rules directory into the {@link LiveRules} in force, one reload at a time whoever asks (the file
 * watcher, the HTTP endpoint), logs each outcome and remembers it for {@code GET /rules}. A reload whose files have
 * errors leaves the rules in force as they are ({@link LiveRules#reload} does that). Safe for concurrent use.
 */
public final class RuleReloader {

    private static final Logger LOG = LoggerFactory.getLogger(RuleReloader.class);

    /**
     * What one reload did.
     *
     * @param applied   true when the new rules are in force; false when they had errors and the old ones stay
     * @param ruleCount the rules in force afterwards
     * @param fileCount the rule files read
     * @param errors    why the new rules were refused; empty when applied
     * @param warnings  the load's warnings
     */
    public record Outcome(boolean applied, int ruleCount, int fileCount, List<RuleProblem> errors,
                          List<RuleProblem> warnings) {
        public Outcome {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }
    }

    /** The last reload, when it failed: when, and every error as {@code file:line:column: message}. */
    public record FailedReload(Instant at, List<String> errors) {
        public FailedReload {
            errors = List.copyOf(errors);
        }
    }

    /**
     * The rules' history as {@code GET /rules} shows it.
     *
     * @param loadedAt   when the rules in force were loaded
     * @param reloads    reloads tried so far, successful or not
     * @param lastFailed the last reload when it failed; empty when it succeeded or none was tried
     */
    public record Status(Instant loadedAt, long reloads, Optional<FailedReload> lastFailed) {
    }

    private final LiveRules rules;
    private final Path directory;
    private final Clock clock;
    private final Consumer<RuleEngine> onApplied;
    private volatile Status status;

    /**
     * @param rules     the rules in force, loaded from {@code directory} just now (their load time is taken as now)
     * @param directory the rules directory to reload from
     */
    public RuleReloader(LiveRules rules, Path directory, Clock clock) {
        this(rules, directory, clock, engine -> { });
    }

    /**
     * As above, telling {@code onApplied} of every engine a reload puts in force (the service resubscribes to the
     * new rules' topics), under the reload's lock, so that two reloads tell in the order they applied.
     */
    public RuleReloader(LiveRules rules, Path directory, Clock clock, Consumer<RuleEngine> onApplied) {
        this.onApplied = Objects.requireNonNull(onApplied, "onApplied");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.status = new Status(clock.instant(), 0, Optional.empty());
    }

    public LiveRules rules() {
        return rules;
    }

    public Path directory() {
        return directory;
    }

    public Status status() {
        return status;
    }

    /**
     * Loads the directory again and puts its rules in force if they load without errors.
     *
     * @param cause why, for the log: {@code file change}, {@code HTTP request}
     */
    public synchronized Outcome reload(String cause) {
        RuleSetLoader.Loaded loaded = rules.reload(directory);
        Instant now = clock.instant();
        List<RuleProblem> errors = loaded.problems().stream().filter(RuleProblem::isError).toList();
        List<RuleProblem> warnings = loaded.problems().stream().filter(problem -> !problem.isError()).toList();
        int ruleCount = rules.current().ruleNames().size();
        Status before = status;
        for (RuleProblem warning : warnings) {
            LOG.warn("{}", warning);
        }
        if (loaded.engine().isPresent()) {
            status = new Status(now, before.reloads() + 1, Optional.empty());
            LOG.info("rules reloaded from {} ({}): {} rules in {} files", directory, cause, ruleCount,
                    loaded.fileCount());
            onApplied.accept(loaded.engine().get());
            return new Outcome(true, ruleCount, loaded.fileCount(), List.of(), warnings);
        }
        List<String> described = errors.stream().map(RuleProblem::toString).toList();
        status = new Status(before.loadedAt(), before.reloads() + 1, Optional.of(new FailedReload(now, described)));
        LOG.error("rules in {} not reloaded ({}): {} errors; the {} rules loaded at {} stay in force:\n{}", directory,
                cause, errors.size(), ruleCount, before.loadedAt(),
                described.stream().map(line -> "  " + line).collect(Collectors.joining("\n")));
        return new Outcome(false, ruleCount, loaded.fileCount(), errors, warnings);
    }
}
