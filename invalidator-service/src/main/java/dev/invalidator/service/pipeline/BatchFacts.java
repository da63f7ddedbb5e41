package dev.invalidator.service.pipeline;

import dev.invalidator.rules.engine.InvalidationPlan;
import dev.invalidator.rules.engine.PlannedRefresh;
import dev.invalidator.rules.engine.PlannedTarget;
import dev.invalidator.rules.engine.SkippedTarget;
import dev.invalidator.rules.engine.TargetType;
import dev.invalidator.rules.template.SkipReason;
import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.Operation;
import dev.invalidator.schemas.change.TableId;
import dev.invalidator.schemas.request.InvalidationRequest;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What one batch held, counted while it was planned, for metrics. Targets are counted as planned, per change event or
 * request, before the batch merges duplicates.
 *
 * @param records          records read, whatever became of them
 * @param events           change events per table and operation
 * @param ruleMatches      per rule, the change events it matched
 * @param targets          targets planned without cascade, by type
 * @param cascadingTargets targets planned with cascade, by type
 * @param skipped          targets skipped, by reason
 * @param deadLetters      records dead-lettered, by kind
 * @param requests         valid requests to apply (an id repeated in the batch counts once, as it is applied once)
 * @param dryRunRequests   valid dry-run requests
 * @param commitTimes      the database commit time of each change event that carries one
 * @param appendTimes      the Kafka record timestamp of each change event and applied request (CreateTime or
 *                         LogAppendTime, as the topic says), where the record has one
 */
public record BatchFacts(int records, Map<TableId, Map<Operation, Integer>> events, Map<String, Integer> ruleMatches,
                         Map<TargetType, Integer> targets, Map<TargetType, Integer> cascadingTargets,
                         Map<SkipReason, Integer> skipped, Map<DeadLetterKind, Integer> deadLetters, int requests,
                         int dryRunRequests, Timestamps commitTimes, Timestamps appendTimes) {

    public BatchFacts {
        events = Map.copyOf(events);
        ruleMatches = Map.copyOf(ruleMatches);
        targets = Map.copyOf(targets);
        cascadingTargets = Map.copyOf(cascadingTargets);
        skipped = Map.copyOf(skipped);
        deadLetters = Map.copyOf(deadLetters);
        Objects.requireNonNull(commitTimes, "commitTimes");
        Objects.requireNonNull(appendTimes, "appendTimes");
    }

    /**
     * Counts one batch as the planner reads it. Per record it only bumps counters in arrays and maps keyed by what
     * the event already holds, so that it adds next to nothing to planning; the maps of {@link BatchFacts} are made
     * once per batch.
     */
    static final class Tally {

        private static final Operation[] OPERATIONS = Operation.values();
        private static final TargetType[] TYPES = TargetType.values();
        private static final SkipReason[] REASONS = SkipReason.values();
        private static final DeadLetterKind[] KINDS = DeadLetterKind.values();

        private int records;
        private final Map<TableId, int[]> events = new HashMap<>();
        private final Map<String, int[]> ruleMatches = new HashMap<>();
        private final int[] targets = new int[TYPES.length];
        private final int[] cascadingTargets = new int[TYPES.length];
        private final int[] skipped = new int[REASONS.length];
        private final int[] deadLetters = new int[KINDS.length];
        private int requests;
        private int dryRunRequests;
        private final Timestamps commitTimes = new Timestamps();
        private final Timestamps appendTimes = new Timestamps();

        void record() {
            records++;
        }

        /**
         * A change event and its plan.
         *
         * @param dropped      whether a planned key is not applied (inside the invalidator's namespace)
         * @param appendMillis the Kafka record's timestamp, negative when it has none
         */
        void event(ChangeEvent event, InvalidationPlan plan, Predicate<String> dropped, long appendMillis) {
            events.computeIfAbsent(event.table(), table -> new int[OPERATIONS.length])[event.op().ordinal()]++;
            for (String rule : plan.matchedRules()) {
                ruleMatches.computeIfAbsent(rule, name -> new int[1])[0]++;
            }
            // Each target counts with cascade only when a cascading rule produced it, as the planner applies it.
            for (PlannedTarget key : plan.keys()) {
                if (!dropped.test(key.target())) {
                    (key.cascade() ? cascadingTargets : targets)[TargetType.KEY.ordinal()]++;
                }
            }
            for (PlannedTarget pattern : plan.patterns()) {
                (pattern.cascade() ? cascadingTargets : targets)[TargetType.PATTERN.ordinal()]++;
            }
            for (PlannedTarget tag : plan.tags()) {
                (tag.cascade() ? cascadingTargets : targets)[TargetType.TAG.ordinal()]++;
            }
            for (PlannedTarget version : plan.versions()) {
                if (!dropped.test(version.target())) {
                    (version.cascade() ? cascadingTargets : targets)[TargetType.VERSION.ordinal()]++;
                }
            }
            for (PlannedRefresh refresh : plan.refreshes()) {
                if (!dropped.test(refresh.key())) {
                    (refresh.cascade() ? cascadingTargets : targets)[TargetType.REFRESH.ordinal()]++;
                }
            }
            for (SkippedTarget skip : plan.skipped()) {
                skipped[skip.reason().ordinal()]++;
            }
            if (event.commitTime() != null) {
                commitTimes.add(micros(event.commitTime()));
            }
            appended(appendMillis);
        }

        /** A valid request that is to be applied (a request id repeated in the batch is applied, and counted, once). */
        void request(InvalidationRequest request, long appendMillis) {
            requests++;
            int[] byType = request.cascade() ? cascadingTargets : targets;
            byType[TargetType.KEY.ordinal()] += request.keys().size();
            byType[TargetType.PATTERN.ordinal()] += request.patterns().size();
            byType[TargetType.TAG.ordinal()] += request.tags().size();
            byType[TargetType.VERSION.ordinal()] += request.versions().size();
            appended(appendMillis);
        }

        void dryRun() {
            dryRunRequests++;
        }

        void deadLetter(DeadLetterKind kind) {
            deadLetters[kind.ordinal()]++;
        }

        BatchFacts facts() {
            Map<TableId, Map<Operation, Integer>> eventCounts = new HashMap<>();
            events.forEach((table, counts) -> eventCounts.put(table, Map.copyOf(nonZero(OPERATIONS, counts))));
            Map<String, Integer> matches = new HashMap<>();
            ruleMatches.forEach((rule, count) -> matches.put(rule, count[0]));
            return new BatchFacts(records, eventCounts, matches, nonZero(TYPES, targets),
                    nonZero(TYPES, cascadingTargets), nonZero(REASONS, skipped), nonZero(KINDS, deadLetters), requests,
                    dryRunRequests, commitTimes, appendTimes);
        }

        private void appended(long appendMillis) {
            if (appendMillis >= 0) {
                appendTimes.add(appendMillis * 1_000);
            }
        }

        private static long micros(Instant instant) {
            return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
        }

        private static <E extends Enum<E>> Map<E, Integer> nonZero(E[] constants, int[] counts) {
            Map<E, Integer> map = new EnumMap<>(constants[0].getDeclaringClass());
            for (E constant : constants) {
                if (counts[constant.ordinal()] > 0) {
                    map.put(constant, counts[constant.ordinal()]);
                }
            }
            return map;
        }
    }
}
