package dev.invalidator.service.rules;

import dev.invalidator.rules.engine.InvalidationPlan;
import dev.invalidator.rules.engine.LiveRules;
import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.ChangeEventReader;
import dev.invalidator.schemas.change.ReadError;
import dev.invalidator.schemas.change.ReadResult;
import java.util.Locale;
import java.util.function.Function;

/** Reads one input event and plans it with the rules in force, touching no cache. Safe to share between threads. */
public final class EventPlanner {

    private final ChangeEventReader reader = ChangeEventReader.builder().build();
    private final Function<ChangeEvent, InvalidationPlan> planning;

    private EventPlanner(Function<ChangeEvent, InvalidationPlan> planning) {
        this.planning = planning;
    }

    /**
     * Plans as the service does while consuming: each event first teaches the rules what its table's before-images
     * hold. For replaying recorded events in order, with rules of their own.
     */
    public static EventPlanner learning(LiveRules rules) {
        return new EventPlanner(rules::plan);
    }

    /**
     * Plans with what the rules have learned so far, teaching them nothing: a made-up event tried against the
     * service's live rules must not change how the service plans the real events that follow.
     */
    public static EventPlanner readOnly(LiveRules rules) {
        return new EventPlanner(event -> rules.current().plan(event, rules.beforeImages().policyFor(event)));
    }

    public PlanView plan(EventInput input) {
        if (input.unreadable() != null) {
            return PlanView.failed(input.topic(), input.unreadable());
        }
        ReadResult result = reader.read(input.key(), input.value(), input.coordinates());
        if (result instanceof ChangeEvent event) {
            String topic = input.topic() != null ? input.topic() : event.table().qualifiedName();
            return PlanView.of(topic, event.op().name().toLowerCase(Locale.ROOT), planning.apply(event));
        }
        if (result instanceof ReadError error) {
            return PlanView.failed(input.topic(), error.message() + " (at " + error.path() + ")");
        }
        // Tombstones and transaction markers carry no row change: nothing to invalidate.
        return PlanView.nothing(input.topic(), null);
    }
}
