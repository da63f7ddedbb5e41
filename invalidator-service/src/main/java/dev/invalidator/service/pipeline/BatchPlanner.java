package dev.invalidator.service.pipeline;

import dev.invalidator.rules.engine.InvalidationPlan;
import dev.invalidator.rules.engine.LiveRules;
import dev.invalidator.rules.engine.PlannedRefresh;
import dev.invalidator.rules.engine.PlannedTarget;
import dev.invalidator.rules.engine.RuleFailure;
import dev.invalidator.schemas.broadcast.BroadcastCause;
import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.ChangeEventReader;
import dev.invalidator.schemas.change.ReadError;
import dev.invalidator.schemas.change.ReadResult;
import dev.invalidator.schemas.change.RecordCoordinates;
import dev.invalidator.schemas.change.SourcePosition;
import dev.invalidator.schemas.json.DecodeResult;
import dev.invalidator.schemas.redis.RedisKeyLayout;
import dev.invalidator.schemas.request.InvalidationRequest;
import dev.invalidator.schemas.request.InvalidationRequestCodec;
import dev.invalidator.service.redis.RedisWork;
import dev.invalidator.service.redis.Refresh;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Turns a poll's records into one {@link Batch}: each record read, each change event planned by the rules in force,
 * the targets of all of them merged and deduplicated into at most two {@link RedisWork}s (one
 * without cascade, one with). Tombstones and transaction markers invalidate nothing.
 * A record that does not read, or whose rules failed, becomes a {@link DeadLetter}; the targets its other rules
 * produced are still applied (removing more than needed is harmless, removing less is not).
 *
 * <p>Records of the requests topic are explicit invalidation requests: validated by the request schema (an invalid one
 * is dead-lettered), merged with the change events' targets, announced with the request as cause. A dry-run request
 * removes nothing here; it is set aside in {@link Batch#dryRuns()} for the pipeline to report. A request id seen twice
 * in one batch is applied once.
 *
 * <p>Soft targets (of soft rules, or of requests with {@code soft}) are removed from Redis like any other; only their
 * announcements differ, so that near-caches refresh them instead of dropping them. An event with soft and hard
 * targets is announced twice, hard first. Hard wins: a target announced hard anywhere in the batch is left out of
 * the batch's soft announcements.
 */
public final class BatchPlanner implements AutoCloseable {

    private final ChangeEventReader reader;
    private final LiveRules rules;
    private final RedisKeyLayout layout;
    private final Optional<String> requestsTopic;
    private final InvalidationRequestCodec requests = new InvalidationRequestCodec();
    private final PlanningThreads threads;

    /** A planner of change events only, on the calling thread. */
    public BatchPlanner(ChangeEventReader reader, LiveRules rules, RedisKeyLayout layout) {
        this(reader, rules, layout, Optional.empty());
    }

    /**
     * A planner, on the calling thread, that reads the records of {@code requestsTopic}, when given, as invalidation
     * requests.
     */
    public BatchPlanner(ChangeEventReader reader, LiveRules rules, RedisKeyLayout layout,
                        Optional<String> requestsTopic) {
        this(reader, rules, layout, requestsTopic, 1);
    }

    /**
     * As {@link #BatchPlanner(ChangeEventReader, LiveRules, RedisKeyLayout, Optional)}, reading and planning the
     * change events of a large batch on {@code threads} threads (the caller's and a pool of its own, closed by
     * {@link #close()}).
     */
    public BatchPlanner(ChangeEventReader reader, LiveRules rules, RedisKeyLayout layout,
                        Optional<String> requestsTopic, int threads) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.requestsTopic = Objects.requireNonNull(requestsTopic, "requestsTopic");
        this.threads = new PlanningThreads(threads, "invalidator");
    }

    /** What one change-event record yields before it is combined with the rest: read, and planned if it is one. */
    private record ReadAndPlanned(ReadResult read, InvalidationPlan plan) {
    }

    public Batch plan(Iterable<ConsumerRecord<byte[], byte[]>> records) throws InterruptedException {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        records.forEach(all::add);
        ReadAndPlanned[] changes = new ReadAndPlanned[all.size()];
        threads.forEach(all.size(), i -> {
            ConsumerRecord<byte[], byte[]> record = all.get(i);
            if (!isRequest(record)) {
                ReadResult read = reader.read(record.key(), record.value(),
                        new RecordCoordinates(record.topic(), record.partition(), record.offset()));
                changes[i] = new ReadAndPlanned(read, read instanceof ChangeEvent event ? rules.plan(event) : null);
            }
        });
        return combine(all, changes);
    }

    private boolean isRequest(ConsumerRecord<byte[], byte[]> record) {
        return requestsTopic.isPresent() && requestsTopic.get().equals(record.topic());
    }

    private Batch combine(List<ConsumerRecord<byte[], byte[]>> records, ReadAndPlanned[] changes) {
        Targets plain = new Targets();
        Targets cascading = new Targets();
        List<Announcement> announcements = new ArrayList<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        List<InvalidationRequest> dryRuns = new ArrayList<>();
        Set<String> requestIds = new LinkedHashSet<>();
        Map<TopicPartition, Long> first = new LinkedHashMap<>();
        Map<TopicPartition, OffsetAndMetadata> next = new LinkedHashMap<>();
        BatchFacts.Tally tally = new BatchFacts.Tally();
        int events = 0;
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<byte[], byte[]> record = records.get(i);
            tally.record();
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            first.putIfAbsent(partition, record.offset());
            next.put(partition, new OffsetAndMetadata(record.offset() + 1));
            RecordCoordinates coordinates = new RecordCoordinates(record.topic(), record.partition(), record.offset());
            if (isRequest(record)) {
                DecodeResult<InvalidationRequest> decoded = requests.decode(record.value() == null ? new byte[0]
                        : record.value());
                if (decoded instanceof DecodeResult.Rejected<InvalidationRequest> rejected) {
                    tally.deadLetter(DeadLetterKind.INVALID_REQUEST);
                    deadLetters.add(deadLetter(record, "invalid request at " + coordinates + ": "
                            + rejected.describe()));
                    continue;
                }
                InvalidationRequest request = decoded.decoded().orElseThrow();
                List<String> forbidden = namespaced(request.keys(), request.versions());
                if (!forbidden.isEmpty()) {
                    tally.deadLetter(DeadLetterKind.NAMESPACE_KEY);
                    deadLetters.add(deadLetter(record, "invalid request at " + coordinates + ": keys inside the "
                            + "invalidator's namespace: " + forbidden));
                } else if (request.dryRun()) {
                    dryRuns.add(request);
                    tally.dryRun();
                } else if (requestIds.add(request.id())) {
                    tally.request(request, record.timestamp());
                    (request.cascade() ? cascading : plain).add(request);
                    announcements.add(new Announcement(new BroadcastCause.Request(request.id(), request.source()),
                            announcedKeys(request.keys(), request.versions()), request.patterns(), request.tags(),
                            request.soft()));
                }
                continue;
            }
            ReadResult read = changes[i].read();
            if (read instanceof ReadError error) {
                tally.deadLetter(DeadLetterKind.UNREADABLE);
                deadLetters.add(deadLetter(record, "unreadable: " + error.describe()));
            } else if (read instanceof ChangeEvent event) {
                events++;
                InvalidationPlan plan = changes[i].plan();
                List<String> forbidden = namespaced(plan);
                if (!forbidden.isEmpty()) {
                    // A rule rendered a key inside the invalidator's own namespace: removing it could break leases
                    // and tag indexes, so the event is set aside for a person, and its other targets still go.
                    tally.deadLetter(DeadLetterKind.NAMESPACE_KEY);
                    deadLetters.add(deadLetter(record, "rules produced keys inside the invalidator's namespace at "
                            + coordinates + ": " + forbidden));
                }
                tally.event(event, plan, layout::isLayoutKey, record.timestamp());
                addTargets(plan, plain, cascading);
                if (!plan.invalidatesNothing()) {
                    announce(cause(event), plan, announcements);
                }
                if (!plan.failures().isEmpty()) {
                    tally.deadLetter(DeadLetterKind.RULES_FAILED);
                    deadLetters.add(deadLetter(record, "rules failed at " + coordinates + ": " + plan.failures()
                            .stream().map(BatchPlanner::describe).collect(Collectors.joining("; "))));
                }
            }
        }
        // A target asked for both with and without cascade is removed once, with it.
        plain.keys.removeAll(cascading.keys);
        plain.patterns.removeAll(cascading.patterns);
        plain.tags.removeAll(cascading.tags);
        plain.versions.removeAll(cascading.versions);
        plain.refreshes.keySet().removeAll(cascading.refreshes.keySet());
        List<RedisWork> work = new ArrayList<>(2);
        if (!plain.isEmpty()) {
            work.add(new RedisWork(plain.keys, plain.patterns, plain.tags, plain.versions, false,
                    List.copyOf(plain.refreshes.values())));
        }
        if (!cascading.isEmpty()) {
            work.add(new RedisWork(cascading.keys, cascading.patterns, cascading.tags, cascading.versions, true,
                    List.copyOf(cascading.refreshes.values())));
        }
        return new Batch(work, hardWins(announcements), deadLetters, dryRuns, first, next, events, tally.facts());
    }

    /** Each target of the plan goes with cascade only when a rule that produced it cascades. */
    private void addTargets(InvalidationPlan plan, Targets plain, Targets cascading) {
        for (PlannedTarget key : plan.keys()) {
            if (!layout.isLayoutKey(key.target())) {
                (key.cascade() ? cascading : plain).keys.add(key.target());
            }
        }
        for (PlannedTarget pattern : plan.patterns()) {
            (pattern.cascade() ? cascading : plain).patterns.add(pattern.target());
        }
        for (PlannedTarget tag : plan.tags()) {
            (tag.cascade() ? cascading : plain).tags.add(tag.target());
        }
        for (PlannedTarget version : plan.versions()) {
            if (!layout.isLayoutKey(version.target())) {
                (version.cascade() ? cascading : plain).versions.add(version.target());
            }
        }
        for (PlannedRefresh refresh : plan.refreshes()) {
            if (!layout.isLayoutKey(refresh.key())) {
                (refresh.cascade() ? cascading : plain).refresh(new Refresh(refresh.key(), refresh.value(),
                        refresh.ttlMillis(), refresh.position()));
            }
        }
    }

    /**
     * Announces the plan's hard targets, then its soft ones when it has any. Refreshed keys go with the hard ones:
     * their value in Redis was replaced, so near-caches drop their copy. One pass over each kind of target: this runs
     * for every change event.
     */
    private static void announce(BroadcastCause cause, InvalidationPlan plan, List<Announcement> out) {
        AnnouncedTargets hard = new AnnouncedTargets();
        AnnouncedTargets soft = new AnnouncedTargets();
        for (PlannedTarget key : plan.keys()) {
            (key.soft() ? soft : hard).keys.add(key.target());
        }
        for (PlannedTarget version : plan.versions()) {
            (version.soft() ? soft : hard).keys.add(version.target());
        }
        for (PlannedRefresh refresh : plan.refreshes()) {
            hard.keys.add(refresh.key());
        }
        for (PlannedTarget pattern : plan.patterns()) {
            (pattern.soft() ? soft : hard).patterns.add(pattern.target());
        }
        for (PlannedTarget tag : plan.tags()) {
            (tag.soft() ? soft : hard).tags.add(tag.target());
        }
        hard.announce(cause, false, out);
        soft.announce(cause, true, out);
    }

    /** The targets of one announcement being gathered; a key named twice (as key and version) is named once. */
    private static final class AnnouncedTargets {
        final Set<String> keys = new LinkedHashSet<>();
        final List<String> patterns = new ArrayList<>();
        final List<String> tags = new ArrayList<>();

        void announce(BroadcastCause cause, boolean soft, List<Announcement> out) {
            if (!keys.isEmpty() || !patterns.isEmpty() || !tags.isEmpty()) {
                out.add(new Announcement(cause, List.copyOf(keys), patterns, tags, soft));
            }
        }
    }

    /**
     * Leaves out of the soft announcements every target some hard announcement of the batch names: Redis applied
     * them all at once, and a near-cache must drop such an entry, not keep serving it while it refreshes.
     */
    static List<Announcement> hardWins(List<Announcement> announcements) {
        if (announcements.stream().noneMatch(Announcement::soft)) {
            return announcements;
        }
        Set<String> keys = new LinkedHashSet<>();
        Set<String> patterns = new LinkedHashSet<>();
        Set<String> tags = new LinkedHashSet<>();
        for (Announcement announcement : announcements) {
            if (!announcement.soft()) {
                keys.addAll(announcement.keys());
                patterns.addAll(announcement.patterns());
                tags.addAll(announcement.tags());
            }
        }
        List<Announcement> merged = new ArrayList<>(announcements.size());
        for (Announcement announcement : announcements) {
            if (!announcement.soft()) {
                merged.add(announcement);
                continue;
            }
            Announcement softOnly = new Announcement(announcement.cause(), without(announcement.keys(), keys),
                    without(announcement.patterns(), patterns), without(announcement.tags(), tags), true);
            if (!softOnly.isEmpty()) {
                merged.add(softOnly);
            }
        }
        return merged;
    }

    private static List<String> without(List<String> targets, Set<String> hard) {
        return targets.stream().filter(t -> !hard.contains(t)).toList();
    }

    /** Keys and versioned keys inside the invalidator's namespace: neither is a cache key. */
    private List<String> namespaced(List<String> keys, List<String> versions) {
        List<String> forbidden = new ArrayList<>();
        keys.stream().filter(layout::isLayoutKey).forEach(forbidden::add);
        versions.stream().filter(layout::isLayoutKey).forEach(forbidden::add);
        return forbidden;
    }

    /** The plan's keys, versioned keys and refreshed keys inside the invalidator's namespace. */
    private List<String> namespaced(InvalidationPlan plan) {
        List<String> forbidden = new ArrayList<>(0);
        for (PlannedTarget key : plan.keys()) {
            if (layout.isLayoutKey(key.target())) {
                forbidden.add(key.target());
            }
        }
        for (PlannedTarget version : plan.versions()) {
            if (layout.isLayoutKey(version.target())) {
                forbidden.add(version.target());
            }
        }
        for (PlannedRefresh refresh : plan.refreshes()) {
            if (layout.isLayoutKey(refresh.key())) {
                forbidden.add(refresh.key());
            }
        }
        return forbidden;
    }

    /**
     * The keys a broadcast names: near-caches hold a versioned key under its own name ({@code user:7}), so a bump of
     * its version is announced as that key, and subscribers drop it like any key. The broadcast contract is unchanged.
     */
    private static List<String> announcedKeys(List<String> keys, List<String> versions) {
        if (versions.isEmpty()) {
            return keys;
        }
        Set<String> announced = new LinkedHashSet<>(keys);
        announced.addAll(versions);
        return List.copyOf(announced);
    }

    /** The targets of the events of one batch, each once. */
    private static final class Targets {
        final Set<String> keys = new LinkedHashSet<>();
        final Set<String> patterns = new LinkedHashSet<>();
        final Set<String> tags = new LinkedHashSet<>();
        final Set<String> versions = new LinkedHashSet<>();
        final Map<String, Refresh> refreshes = new LinkedHashMap<>();

        /**
         * Of several changes to one refreshed key in a batch, only the latest in the log is written: Redis would
         * refuse the others anyway. Of equal positions, the later record wins, as it would in Redis.
         */
        void refresh(Refresh refresh) {
            refreshes.merge(refresh.key(), refresh, (known, next) -> known.isAfter(next) ? known : next);
        }

        void add(InvalidationRequest request) {
            keys.addAll(request.keys());
            patterns.addAll(request.patterns());
            tags.addAll(request.tags());
            versions.addAll(request.versions());
        }

        boolean isEmpty() {
            return keys.isEmpty() && patterns.isEmpty() && tags.isEmpty() && versions.isEmpty()
                    && refreshes.isEmpty();
        }
    }

    /** Stops the planning threads. */
    @Override
    public void close() {
        threads.close();
    }

    private static BroadcastCause cause(ChangeEvent event) {
        return new BroadcastCause.Change(event.table().qualifiedName(), event.op(), describe(event.position()));
    }

    /** The change's place in the database's log, as text for people. */
    static String describe(SourcePosition position) {
        if (position instanceof SourcePosition.Postgres pg) {
            return "lsn " + pg.lsnText() + (pg.txId() == null ? "" : " txId " + pg.txId());
        } else if (position instanceof SourcePosition.Binlog binlog) {
            return binlog.file() + ":" + binlog.position() + " row " + binlog.row()
                    + (binlog.gtid() == null ? "" : " gtid " + binlog.gtid());
        } else if (position instanceof SourcePosition.Unknown unknown) {
            return "position unknown to this reader (" + unknown.connector() + ")";
        }
        return "position unknown";
    }

    private static DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
        return new DeadLetter(record.topic(), record.partition(), record.offset(), record.key(), record.value(), reason);
    }

    private static String describe(RuleFailure failure) {
        return "rule " + failure.rule() + ": " + failure.message();
    }
}
