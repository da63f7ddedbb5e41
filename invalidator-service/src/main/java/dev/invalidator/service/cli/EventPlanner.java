package dev.invalidator.service.cli;

import dev.invalidator.rules.engine.LiveRules;
import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.ChangeEventReader;
import dev.invalidator.schemas.change.ReadError;
import dev.invalidator.schemas.change.ReadResult;
import java.util.Locale;

/** Reads one input event and plans it with the given rules, touching nothing. */
final class EventPlanner {

    private final ChangeEventReader reader = ChangeEventReader.builder().build();
    private final LiveRules rules;

    EventPlanner(LiveRules rules) {
        this.rules = rules;
    }

    PlanView plan(EventFile.Input input) {
        if (input.unreadable() != null) {
            return PlanView.failed(input.topic(), input.unreadable());
        }
        ReadResult result = reader.read(input.key(), input.value(), input.coordinates());
        if (result instanceof ChangeEvent event) {
            String topic = input.topic() != null ? input.topic() : event.table().qualifiedName();
            return PlanView.of(topic, event.op().name().toLowerCase(Locale.ROOT), rules.plan(event));
        }
        if (result instanceof ReadError error) {
            return PlanView.failed(input.topic(), error.message() + " (at " + error.path() + ")");
        }
        // Tombstones and transaction markers carry no row change: nothing to invalidate.
        return PlanView.nothing(input.topic(), null);
    }
}
