package dev.invalidator.service.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.invalidator.rules.engine.InvalidationPlan;
import dev.invalidator.rules.engine.PlannedRefresh;
import dev.invalidator.rules.engine.PlannedTarget;
import dev.invalidator.rules.engine.SkippedTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One event's outcome as the {@code rules} verbs show it: sorted, unique targets, so two plans compare line by line.
 *
 * @param topic the record's topic, or the event's table when the record had none
 * @param op    the operation's name, or null for records that are not row changes
 * @param error why the event could not be planned, or null: either the input is not a change event (then {@code op}
 *              is null, see {@link #inputRejected()}) or a rule failed on it
 * @param refresh refreshed keys, each {@code key = {json}} when written, {@code key (removed)} when its row was deleted
 * @param soft    the targets near-caches refresh instead of dropping, each as {@code kind target} ({@code key
 *                product:7}); every other target is hard
 */
public record PlanView(String topic, String op, List<String> rules, List<String> keys, List<String> patterns,
                       List<String> tags, List<String> versions, boolean cascade, List<Skip> skipped,
                       String error, List<String> refresh, List<String> soft) {

    public record Skip(String target, String reason, String rule) {
    }

    static PlanView of(String topic, String op, InvalidationPlan plan) {
        List<Skip> skipped = plan.skipped().stream()
                .map(s -> new Skip(s.template(), s.explanation(), s.rule()))
                .toList();
        String error = plan.failures().isEmpty() ? null : String.join("; ", plan.failures().stream()
                .map(f -> "rule '" + f.rule() + "' failed: " + f.message()).toList());
        return new PlanView(topic, op, plan.matchedRules(), sorted(plan.keys()), sorted(plan.patterns()),
                sorted(plan.tags()), sorted(plan.versions()), plan.cascade(), skipped, error,
                List.copyOf(new TreeSet<>(plan.refreshes().stream().map(PlanView::refresh).toList())),
                softTargets(plan));
    }

    static PlanView nothing(String topic, String op) {
        return new PlanView(topic, op, List.of(), List.of(), List.of(), List.of(), List.of(), false, List.of(), null,
                List.of(), List.of());
    }

    static PlanView failed(String topic, String error) {
        return new PlanView(topic, null, List.of(), List.of(), List.of(), List.of(), List.of(), false, List.of(),
                error, List.of(), List.of());
    }

    private static String refresh(PlannedRefresh refresh) {
        return refresh.removes() ? refresh.key() + " (removed)" : refresh.key() + " = " + refresh.value();
    }

    private static List<String> softTargets(InvalidationPlan plan) {
        TreeSet<String> soft = new TreeSet<>();
        softTargets("key", plan.keys(), soft);
        softTargets("pattern", plan.patterns(), soft);
        softTargets("tag", plan.tags(), soft);
        softTargets("version", plan.versions(), soft);
        return List.copyOf(soft);
    }

    private static void softTargets(String kind, List<PlannedTarget> targets, TreeSet<String> soft) {
        targets.stream().filter(PlannedTarget::soft).forEach(t -> soft.add(kind + " " + t.target()));
    }

    private static List<String> sorted(List<PlannedTarget> targets) {
        return List.copyOf(new TreeSet<>(targets.stream().map(PlannedTarget::target).toList()));
    }

    /** True when the input itself was refused (not JSON, not a change event), as opposed to a rule failing on it. */
    public boolean inputRejected() {
        return op == null && error != null;
    }

    /** The one-line JSON form of {@code rules test --json}. */
    public String toJson(ObjectMapper mapper) {
        return toJsonNode(mapper).toString();
    }

    /** The same as {@link #toJson}, as a tree. */
    public ObjectNode toJsonNode(ObjectMapper mapper) {
        ObjectNode json = mapper.createObjectNode();
        json.put("topic", topic);
        json.put("op", op);
        strings(json.putArray("rules"), rules);
        strings(json.putArray("keys"), keys);
        strings(json.putArray("patterns"), patterns);
        strings(json.putArray("tags"), tags);
        strings(json.putArray("versions"), versions);
        strings(json.putArray("refresh"), refresh);
        strings(json.putArray("soft"), soft);
        json.put("cascade", cascade);
        ArrayNode skips = json.putArray("skipped");
        for (Skip skip : skipped) {
            skips.addObject().put("target", skip.target()).put("reason", skip.reason());
        }
        json.put("error", error);
        return json;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    /** What differs from another view of the same event, as {@code -}/{@code +} lines; empty when nothing does. */
    public List<String> differencesFrom(PlanView old) {
        List<String> lines = new ArrayList<>();
        difference("key", old.keys, keys, lines);
        difference("pattern", old.patterns, patterns, lines);
        difference("tag", old.tags, tags, lines);
        difference("version", old.versions, versions, lines);
        difference("refresh", old.refresh, refresh, lines);
        difference("soft", old.soft, soft, lines);
        if (old.cascade != cascade) {
            lines.add("- cascade " + old.cascade);
            lines.add("+ cascade " + cascade);
        }
        List<String> oldSkips = old.skipped.stream().map(s -> s.target() + " (" + s.reason() + ")").toList();
        List<String> newSkips = skipped.stream().map(s -> s.target() + " (" + s.reason() + ")").toList();
        difference("skipped", oldSkips, newSkips, lines);
        if (!Objects.equals(old.error, error)) {
            if (old.error != null) {
                lines.add("- error " + old.error);
            }
            if (error != null) {
                lines.add("+ error " + error);
            }
        }
        return lines;
    }

    private static void difference(String what, List<String> before, List<String> after, List<String> lines) {
        TreeSet<String> removed = new TreeSet<>(before);
        removed.removeAll(after);
        TreeSet<String> added = new TreeSet<>(after);
        added.removeAll(before);
        removed.forEach(target -> lines.add("- " + what + " " + target));
        added.forEach(target -> lines.add("+ " + what + " " + target));
    }
}
