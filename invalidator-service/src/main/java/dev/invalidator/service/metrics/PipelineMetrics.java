package dev.invalidator.service.metrics;

import dev.invalidator.rules.engine.TargetType;
import dev.invalidator.rules.template.SkipReason;
import dev.invalidator.schemas.change.Operation;
import dev.invalidator.schemas.change.TableId;
import dev.invalidator.service.pipeline.Batch;
import dev.invalidator.service.pipeline.BatchFacts;
import dev.invalidator.service.pipeline.DeadLetterKind;
import dev.invalidator.service.pipeline.InvalidationPipeline;
import dev.invalidator.service.pipeline.PipelineObserver;
import dev.invalidator.service.redis.ApplyResult;
import dev.invalidator.service.redis.RedisWork;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * The service's meters, in a Prometheus registry of their own: what the pipeline read, planned, removed and set aside,
 * how long each step took, how far behind the database the caches are, the Kafka clients' metrics (consumer lag among
 * them) and the JVM's. Hand it to {@link InvalidationPipeline#create} as the observer; serve {@link #scrape()} at
 * {@code /metrics}. Counters are created once per tag value and kept, so a batch costs a map lookup per distinct table,
 * operation and rule, not per event. Thread-safe.
 */
public final class PipelineMetrics implements PipelineObserver, AutoCloseable {

    /** Latencies are bucketed from 1 ms to 5 min; slower ones land in the last bucket. */
    private static final Duration FASTEST_EXPECTED = Duration.ofMillis(1);
    private static final Duration SLOWEST_EXPECTED = Duration.ofMinutes(5);

    private final PrometheusMeterRegistry registry;
    private final JvmMeters jvm;
    private final AtomicReference<InvalidationPipeline> pipeline = new AtomicReference<>();
    private final AtomicReference<KafkaClientMeters> kafkaClients = new AtomicReference<>();

    private final Map<TableOperation, Counter> events = new ConcurrentHashMap<>();
    private final Map<String, Counter> ruleMatches = new ConcurrentHashMap<>();
    private final Map<TargetType, Counter> targets = new EnumMap<>(TargetType.class);
    private final Map<TargetType, Counter> cascadingTargets = new EnumMap<>(TargetType.class);
    private final Map<SkipReason, Counter> skipped = new EnumMap<>(SkipReason.class);
    private final Map<DeadLetterKind, Counter> deadLetters = new EnumMap<>(DeadLetterKind.class);
    private final Counter requests;
    private final Counter dryRunRequests;
    private final Counter keysRemoved;
    private final Counter tagMembersRemoved;
    private final Counter dependentsRemoved;
    private final Counter leasesRemoved;
    private final Counter versionsBumped;
    private final Counter tagGenerationsBumped;
    private final Counter refreshesWritten;
    private final Counter refreshesRemoved;
    private final Counter refreshesRefused;
    private final Counter cascadeDepthReached;
    private final Counter cascadeFanOutReached;
    private final Counter patternBudgetReached;
    private final DistributionSummary batchSize;
    private final DistributionSummary batchEvents;
    private final Timer commitToApplied;
    private final Timer appendToApplied;
    private final Timer redisApply;
    private final Timer broadcastPublish;
    private final Timer deadLetterPublish;

    private PipelineMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
        for (TargetType type : TargetType.values()) {
            targets.put(type, targetCounter(type, false));
            cascadingTargets.put(type, targetCounter(type, true));
        }
        for (SkipReason reason : SkipReason.values()) {
            skipped.put(reason, Counter.builder("invalidator.targets.skipped")
                    .description("Targets a rule could not render, by reason (a NULL or unsent value, ...)")
                    .tag("reason", reason.name())
                    .register(registry));
        }
        for (DeadLetterKind kind : DeadLetterKind.values()) {
            deadLetters.put(kind, Counter.builder("invalidator.dead.letters")
                    .description("Records sent to the dead-letter topic, by reason")
                    .tag("reason", kind.label())
                    .register(registry));
        }
        requests = requestCounter(false);
        dryRunRequests = requestCounter(true);
        keysRemoved = removedCounter("keys");
        tagMembersRemoved = removedCounter("tag-members");
        dependentsRemoved = removedCounter("dependents");
        leasesRemoved = removedCounter("leases");
        versionsBumped = bumpedCounter("versions");
        tagGenerationsBumped = bumpedCounter("tag-generations");
        refreshesWritten = refreshCounter("written");
        refreshesRemoved = refreshCounter("removed");
        refreshesRefused = refreshCounter("refused-older");
        cascadeDepthReached = limitCounter("cascade-depth");
        cascadeFanOutReached = limitCounter("cascade-fanout");
        patternBudgetReached = limitCounter("pattern-budget");
        batchSize = DistributionSummary.builder("invalidator.batch.size")
                .description("Records per batch (one poll)")
                .register(registry);
        batchEvents = DistributionSummary.builder("invalidator.batch.events")
                .description("Change events per batch")
                .register(registry);
        commitToApplied = latencyTimer("invalidator.commit.to.applied",
                "From the database's commit of a change to Redis having applied it, per change event");
        appendToApplied = latencyTimer("invalidator.kafka.append.to.applied",
                "From the Kafka record's timestamp to Redis having applied it, per change event and request");
        redisApply = Timer.builder("invalidator.redis.apply")
                .description("Time to apply one merged work (keys, patterns, tags, cascade) to Redis")
                .register(registry);
        broadcastPublish = Timer.builder("invalidator.broadcast.publish")
                .description("Time to send a batch's broadcasts until acknowledged")
                .register(registry);
        deadLetterPublish = Timer.builder("invalidator.dead.letter.publish")
                .description("Time to send a batch's dead letters until acknowledged")
                .register(registry);
        Gauge.builder("invalidator.pipeline.degraded", pipeline,
                        p -> Optional.ofNullable(p.get()).filter(InvalidationPipeline::degraded).isPresent() ? 1 : 0)
                .description("1 while the pipeline waits for Redis or Kafka to come back, else 0")
                .strongReference(true)
                .register(registry);
        Gauge.builder("invalidator.pipeline.ready", pipeline,
                        p -> Optional.ofNullable(p.get()).filter(InvalidationPipeline::ready).isPresent() ? 1 : 0)
                .description("1 while the pipeline runs and is not degraded, else 0")
                .strongReference(true)
                .register(registry);
        this.jvm = new JvmMeters(registry);
    }

    /** Meters in a new Prometheus registry, with the JVM's and the process's meters. */
    public static PipelineMetrics create() {
        return new PipelineMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** Every meter in the Prometheus text exposition format, as {@code /metrics} serves it. */
    public String scrape() {
        return registry.scrape();
    }

    /** The registry, for tests and for further meters of the service. */
    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public void opened(InvalidationPipeline opened, Consumer<?, ?> consumer, List<Producer<?, ?>> producers) {
        pipeline.set(opened);
        KafkaClientMeters previous = kafkaClients.getAndSet(new KafkaClientMeters(registry, consumer, producers));
        if (previous != null) {
            previous.close();
        }
    }

    @Override
    public void closing(InvalidationPipeline closing) {
        if (pipeline.get() == closing) {
            KafkaClientMeters meters = kafkaClients.getAndSet(null);
            if (meters != null) {
                meters.close();
            }
        }
    }

    @Override
    public void deadLettersPublished(Batch batch, long elapsedNanos) {
        deadLetterPublish.record(elapsedNanos, TimeUnit.NANOSECONDS);
        batch.facts().deadLetters().forEach((kind, count) -> deadLetters.get(kind).increment(count));
    }

    @Override
    public void workApplied(RedisWork work, ApplyResult result, long elapsedNanos) {
        redisApply.record(elapsedNanos, TimeUnit.NANOSECONDS);
        keysRemoved.increment(result.keysRemoved());
        tagMembersRemoved.increment(result.tagMembersRemoved());
        dependentsRemoved.increment(result.dependentsRemoved());
        leasesRemoved.increment(result.leasesRemoved());
        versionsBumped.increment(result.versionsBumped());
        tagGenerationsBumped.increment(result.tagGenerationsBumped());
        refreshesWritten.increment(result.refreshesWritten());
        refreshesRemoved.increment(result.refreshesRemoved());
        refreshesRefused.increment(result.refreshesRefused());
        if (result.depthLimitReached()) {
            cascadeDepthReached.increment();
        }
        if (result.fanOutLimitReached()) {
            cascadeFanOutReached.increment();
        }
        if (result.patternBudgetExhausted()) {
            patternBudgetReached.increment();
        }
    }

    @Override
    public void batchApplied(Batch batch, Instant appliedAt) {
        BatchFacts facts = batch.facts();
        batchSize.record(facts.records());
        batchEvents.record(batch.events());
        facts.events().forEach((table, byOperation) -> byOperation.forEach((op, count) ->
                events.computeIfAbsent(new TableOperation(table, op), this::eventCounter).increment(count)));
        facts.ruleMatches().forEach((rule, count) ->
                ruleMatches.computeIfAbsent(rule, this::ruleCounter).increment(count));
        facts.targets().forEach((type, count) -> targets.get(type).increment(count));
        facts.cascadingTargets().forEach((type, count) -> cascadingTargets.get(type).increment(count));
        facts.skipped().forEach((reason, count) -> skipped.get(reason).increment(count));
        requests.increment(facts.requests());
        dryRunRequests.increment(facts.dryRunRequests());
        long applied = appliedAt.getEpochSecond() * 1_000_000 + appliedAt.getNano() / 1_000;
        // A clock ahead of ours makes a latency negative: it counts as zero rather than vanishing from the count.
        facts.commitTimes().forEach(committed ->
                commitToApplied.record(Math.max(0, applied - committed), TimeUnit.MICROSECONDS));
        facts.appendTimes().forEach(appended ->
                appendToApplied.record(Math.max(0, applied - appended), TimeUnit.MICROSECONDS));
    }

    @Override
    public void broadcastPublished(Batch batch, long elapsedNanos) {
        broadcastPublish.record(elapsedNanos, TimeUnit.NANOSECONDS);
    }

    /** Unbinds the Kafka clients' and the JVM's meters and closes the registry. */
    @Override
    public void close() {
        try {
            KafkaClientMeters meters = kafkaClients.getAndSet(null);
            if (meters != null) {
                meters.close();
            }
            jvm.close();
        } finally {
            registry.close();
        }
    }

    private Counter eventCounter(TableOperation key) {
        return Counter.builder("invalidator.events")
                .description("Change events read, by table and operation")
                .tag("table", key.table().qualifiedName())
                .tag("op", key.op().name().toLowerCase(Locale.ROOT))
                .register(registry);
    }

    private Counter ruleCounter(String rule) {
        return Counter.builder("invalidator.rule.matches")
                .description("Change events each rule matched")
                .tag("rule", rule)
                .register(registry);
    }

    private Counter targetCounter(TargetType type, boolean cascade) {
        return Counter.builder("invalidator.targets")
                .description("Targets planned, per change event or request, before a batch merges duplicates")
                .tag("kind", type.name().toLowerCase(Locale.ROOT))
                .tag("cascade", Boolean.toString(cascade))
                .register(registry);
    }

    private Counter requestCounter(boolean dryRun) {
        return Counter.builder("invalidator.requests")
                .description("Valid invalidation requests read from the requests topic")
                .tag("dry_run", Boolean.toString(dryRun))
                .register(registry);
    }

    private Counter removedCounter(String kind) {
        return Counter.builder("invalidator.keys.removed")
                .description("Redis entries removed: cache keys, tag-set members, cascaded dependents, leases")
                .tag("kind", kind)
                .register(registry);
    }

    private Counter bumpedCounter(String kind) {
        return Counter.builder("invalidator.counters.bumped")
                .description("Counters incremented instead of deleting: version counters of versioned keys, "
                        + "generations of generation-based tags")
                .tag("kind", kind)
                .register(registry);
    }

    private Counter refreshCounter(String outcome) {
        return Counter.builder("invalidator.refreshes")
                .description("Refreshed keys applied in Redis: written from the after-image, removed for a deleted "
                        + "row, or refused because a newer change had already been written to the key")
                .tag("outcome", outcome)
                .register(registry);
    }

    private Counter limitCounter(String limit) {
        return Counter.builder("invalidator.limits.reached")
                .description("Applies that stopped at a limit and left keys in place")
                .tag("limit", limit)
                .register(registry);
    }

    private Timer latencyTimer(String name, String description) {
        return Timer.builder(name)
                .description(description)
                .publishPercentileHistogram()
                .minimumExpectedValue(FASTEST_EXPECTED)
                .maximumExpectedValue(SLOWEST_EXPECTED)
                .register(registry);
    }

    private record TableOperation(TableId table, Operation op) {
    }
}
