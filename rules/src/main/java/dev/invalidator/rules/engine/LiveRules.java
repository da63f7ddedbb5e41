package dev.invalidator.rules.engine;

import dev.invalidator.schemas.change.ChangeEvent;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The rules in force: one {@link RuleEngine} at a time, swapped whole on reload so that an event is planned by the
 * old rules or the new ones, never a mix; and what has been learned about the tables' before-images, which outlives
 * reloads.
 */
public final class LiveRules {

    private final AtomicReference<RuleEngine> engine;
    private final BeforeImages beforeImages;

    public LiveRules(RuleEngine initial, BeforeImages beforeImages) {
        this.engine = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
        this.beforeImages = Objects.requireNonNull(beforeImages, "beforeImages");
    }

    /** Learns from the event, then plans it with the rules in force. */
    public InvalidationPlan plan(ChangeEvent event) {
        beforeImages.observe(event);
        return engine.get().plan(event, beforeImages.policyFor(event));
    }

    public RuleEngine current() {
        return engine.get();
    }

    /** Puts new rules in force; events already being planned finish with the old ones. */
    public void swap(RuleEngine next) {
        engine.set(Objects.requireNonNull(next, "next"));
    }

    /**
     * Loads the rules under {@code directory} and puts them in force if they load without errors; otherwise the
     * rules in force stay as they are. Either way the load's problems are returned for reporting.
     */
    public RuleSetLoader.Loaded reload(Path directory) {
        RuleSetLoader.Loaded loaded = new RuleSetLoader().load(directory);
        loaded.engine().ifPresent(this::swap);
        return loaded;
    }

    public BeforeImages beforeImages() {
        return beforeImages;
    }
}
