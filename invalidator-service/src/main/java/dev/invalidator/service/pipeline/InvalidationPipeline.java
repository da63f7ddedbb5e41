package dev.invalidator.service.pipeline;

import dev.invalidator.rules.engine.LiveRules;
import dev.invalidator.schemas.change.ChangeEventReader;
import dev.invalidator.schemas.request.InvalidationRequest;
import dev.invalidator.service.redis.ApplyResult;
import dev.invalidator.service.redis.RedisApplier;
import dev.invalidator.service.redis.RedisUnavailableException;
import dev.invalidator.service.redis.RedisWork;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Change topics in, Redis invalidations out, nothing lost. One consumer, owned by the thread that calls {@link #run()}:
 *
 * <pre>{@code
 * InvalidationPipeline pipeline = InvalidationPipeline.create(settings, reader, rules, applier);
 * Thread loop = new Thread(pipeline, "invalidation-pipeline");
 * loop.start();
 * ...
 * pipeline.close(); // from any thread: stops the loop, commits what was applied, closes the clients
 * }</pre>
 *
 * <p>Per poll: every record read and planned ({@link BatchPlanner}), unusable records sent to the dead-letter topic
 * and acknowledged, the batch's merged targets applied to Redis, one broadcast per change event that invalidated
 * something sent and acknowledged (when broadcasting is on), then the batch's offsets committed (without waiting;
 * again synchronously when partitions are handed over and on close).
 * Offsets are never committed past work that Redis has not applied or near-caches were not told of. While Redis
 * (or the dead-letter or broadcast topic) is unavailable the step at hand is retried with capped exponential back-off;
 * the assigned partitions are paused and the consumer keeps polling meanwhile, so the group does not rebalance;
 * {@link #ready()} is false until it recovers.
 *
 * <p>The {@link RedisApplier} belongs to the caller, who closes it after the pipeline.
 */
public final class InvalidationPipeline implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InvalidationPipeline.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final PipelineSettings settings;
    private final BatchPlanner planner;
    private final RedisApplier applier;
    private final Consumer<byte[], byte[]> consumer;
    private final DeadLetterPublisher deadLetters;
    private final Optional<BroadcastPublisher> broadcasts;
    private final PipelineObserver observer;
    private final CountDownLatch finished = new CountDownLatch(1);

    // Guarded by this: whether the loop was started (it then owns the clients) and whether it must stop.
    private boolean started;
    private volatile boolean stopping;
    private volatile boolean running;
    private volatile boolean degraded;
    private volatile RuntimeException failure;
    // Set by any thread when the rules' tables change; the loop subscribes to it at its next turn.
    private volatile Pattern requestedTopics;

    // Owned by the loop thread. Offsets of applied batches, per partition owned, committed asynchronously after each
    // batch and synchronously when the partition is handed over or the pipeline stops.
    private final Map<TopicPartition, OffsetAndMetadata> applied = new HashMap<>();
    private Batch pending;
    private boolean abandoned;
    private Pattern current;

    InvalidationPipeline(PipelineSettings settings, BatchPlanner planner, RedisApplier applier,
                         Consumer<byte[], byte[]> consumer, DeadLetterPublisher deadLetters,
                         Optional<BroadcastPublisher> broadcasts, PipelineObserver observer) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.planner = Objects.requireNonNull(planner, "planner");
        this.applier = Objects.requireNonNull(applier, "applier");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.broadcasts = Objects.requireNonNull(broadcasts, "broadcasts");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /** A pipeline that does not broadcast. */
    public static InvalidationPipeline create(PipelineSettings settings, ChangeEventReader reader, LiveRules rules,
                                              RedisApplier applier) {
        return create(settings, reader, rules, applier, Optional.empty());
    }

    /**
     * A pipeline with its own consumer and dead-letter producer, broadcasting through {@code broadcasts} when given
     * (the pipeline closes it); nothing connects until {@link #run()}.
     */
    public static InvalidationPipeline create(PipelineSettings settings, ChangeEventReader reader, LiveRules rules,
                                              RedisApplier applier, Optional<BroadcastPublisher> broadcasts) {
        return create(settings, reader, rules, applier, broadcasts, PipelineObserver.NONE);
    }

    /** As {@link #create(PipelineSettings, ChangeEventReader, LiveRules, RedisApplier, Optional)}, observed. */
    public static InvalidationPipeline create(PipelineSettings settings, ChangeEventReader reader, LiveRules rules,
                                              RedisApplier applier, Optional<BroadcastPublisher> broadcasts,
                                              PipelineObserver observer) {
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerConfig(settings), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        DeadLetterPublisher deadLetters = null;
        try {
            deadLetters = DeadLetterPublisher.create(settings);
            BatchPlanner planner = new BatchPlanner(reader, rules, applier.layout(), settings.requestsTopic(),
                    settings.planningThreads());
            InvalidationPipeline pipeline =
                    new InvalidationPipeline(settings, planner, applier, consumer, deadLetters, broadcasts, observer);
            List<Producer<?, ?>> producers = new ArrayList<>(List.of(deadLetters.producer()));
            broadcasts.flatMap(BroadcastPublisher::kafkaProducer).ifPresent(producers::add);
            observer.opened(pipeline, consumer, producers);
            return pipeline;
        } catch (RuntimeException e) {
            consumer.close();
            if (deadLetters != null) {
                deadLetters.close();
            }
            broadcasts.ifPresent(BroadcastPublisher::close);
            throw e;
        }
    }

    /**
     * The consumer's settings. Metadata is refreshed every 5 s and a poll returns up to 2,000 records unless the
     * client settings say otherwise. The
     * broadcast acknowledgement and the commit are one round trip each per poll whatever its size, so Kafka's default
     * of 500 spends most of a busy pipeline's time waiting for them.
     */
    static Map<String, Object> consumerConfig(PipelineSettings settings) {
        Map<String, Object> config = new HashMap<>();
        // A change topic created after start (a new table) is found at the next metadata refresh: minutes by default.
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5_000);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        config.putAll(settings.kafkaOverrides());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return config;
    }

    /**
     * The poll loop: subscribes, then polls, applies and commits until {@link #close()}. Call once, on the thread
     * that is to own the consumer.
     *
     * @throws IllegalStateException when called twice or after {@link #close()}
     */
    @Override
    public void run() {
        synchronized (this) {
            if (started || stopping) {
                throw new IllegalStateException("the pipeline runs once; it was " + (started ? "started" : "closed"));
            }
            started = true;
        }
        running = true;
        try {
            current = settings.subscription();
            consumer.subscribe(current, new Rebalance());
            LOG.info("pipeline started: topics {} in group {}", settings.subscription(), settings.groupId());
            while (!stopping) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(settings.pollTimeout());
                if (!records.isEmpty()) {
                    process(records);
                }
                broadcasts.ifPresent(b -> b.heartbeatIfIdle(System.nanoTime(), System.currentTimeMillis()));
                subscribeIfRequested();
            }
        } catch (WakeupException e) {
            if (!stopping) {
                failure = e;
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("pipeline stopped on an unexpected error", e);
            throw e;
        } finally {
            running = false;
            try {
                commitAppliedOnExit();
            } finally {
                closeClients();
                // Logged before the latch opens: a service stopping in a shutdown hook waits on the latch, and the
                // JVM may halt as soon as it has returned.
                LOG.info("pipeline stopped");
                finished.countDown();
            }
        }
    }

    private void process(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
        Batch batch = planner.plan(records);
        for (InvalidationRequest dryRun : batch.dryRuns()) {
            // Nobody waits for an answer on the topic; HTTP answers dry runs with what they would remove.
            LOG.info("dry-run request {} from {} read from the requests topic: nothing removed", dryRun.id(),
                    dryRun.source());
        }
        pending = batch;
        abandoned = false;
        boolean done = retrying(batch, () -> publishDeadLetters(batch))
                && retrying(batch, () -> apply(batch))
                && (broadcasts.isEmpty() || batch.announcements().isEmpty() || retrying(batch,
                        () -> broadcast(batch)));
        pending = null;
        if (!done) {
            abandon(batch);
            return;
        }
        observer.committing(batch);
        applied.putAll(batch.nextOffsets());
        commitAsync(batch.nextOffsets());
    }

    private void publishDeadLetters(Batch batch) throws InterruptedException {
        if (batch.deadLetters().isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        deadLetters.publish(batch.deadLetters());
        observer.deadLettersPublished(batch, System.nanoTime() - start);
    }

    /** Applies every work; the observer hears of them only once all succeeded, so that a retry counts once. */
    private void apply(Batch batch) {
        List<ApplyResult> results = new ArrayList<>(batch.work().size());
        long[] elapsed = new long[batch.work().size()];
        for (RedisWork work : batch.work()) {
            long start = System.nanoTime();
            results.add(applier.apply(work));
            elapsed[results.size() - 1] = System.nanoTime() - start;
        }
        Instant appliedAt = Instant.now();
        for (int i = 0; i < results.size(); i++) {
            ApplyResult result = results.get(i);
            observer.workApplied(batch.work().get(i), result, elapsed[i]);
            if (result.incomplete()) {
                LOG.warn("limits left keys in Redis that the batch of {} asked to remove: {}; raise the limits or "
                        + "remove them by hand", batch.offsetRanges(), reachedLimits(result));
            }
        }
        observer.batchApplied(batch, appliedAt);
    }

    private static String reachedLimits(ApplyResult result) {
        List<String> limits = new ArrayList<>();
        if (result.depthLimitReached()) {
            limits.add("cascade depth limit reached");
        }
        if (result.fanOutLimitReached()) {
            limits.add("cascade fan-out limit reached");
        }
        if (result.patternBudgetExhausted()) {
            limits.add("pattern scan budget exhausted");
        }
        return String.join(", ", limits);
    }

    private void broadcast(Batch batch) throws InterruptedException {
        long start = System.nanoTime();
        broadcasts.orElseThrow().publish(batch.announcements(), System.currentTimeMillis());
        observer.broadcastPublished(batch, System.nanoTime() - start);
    }

    /** Runs the step until it succeeds, waiting out outages; false when the batch was abandoned or we are stopping. */
    private boolean retrying(Batch batch, Step step) throws InterruptedException {
        int attempt = 0;
        while (true) {
            if (stopping || abandoned) {
                return false;
            }
            try {
                step.run();
                if (degraded) {
                    recovered();
                }
                return true;
            } catch (RedisUnavailableException | DeadLetterException | BroadcastException e) {
                attempt++;
                Duration delay = settings.backoff().delay(attempt);
                if (!degraded) {
                    LOG.warn("pipeline degraded, retrying the batch of {} every {} at most: {}",
                            batch.nextOffsets().keySet(), settings.backoff().max(), e.getMessage());
                }
                degraded = true;
                consumer.pause(consumer.assignment());
                waitPolling(delay);
            }
        }
    }

    /**
     * Asks the loop to read these change topics (and the requests topic) from its next turn: after a rule reload
     * that changed the tables. A rebalance follows, in which applied work is committed as always.
     *
     * @throws IllegalArgumentException when the dead-letter topic matches {@code changeTopics}
     */
    public void resubscribe(Pattern changeTopics) {
        requestedTopics = settings.withTopics(changeTopics).subscription();
    }

    private void subscribeIfRequested() {
        Pattern subscription = requestedTopics;
        if (subscription == null) {
            return;
        }
        requestedTopics = null;
        if (!subscription.pattern().equals(current.pattern())) {
            consumer.subscribe(subscription, new Rebalance());
            current = subscription;
            LOG.info("pipeline now reads topics {}", subscription);
        }
    }

    /** Keeps polling the paused partitions, so the group sees this member alive, until the delay has passed. */
    private void waitPolling(Duration delay) {
        long deadline = System.nanoTime() + delay.toNanos();
        long remaining;
        while (!stopping && !abandoned && (remaining = deadline - System.nanoTime()) > 0) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofNanos(remaining));
            if (!records.isEmpty()) {
                // Only partitions assigned during this poll can return records; read them again later.
                rewind(records);
            }
        }
    }

    private void rewind(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            ConsumerRecord<byte[], byte[]> first = records.records(partition).get(0);
            consumer.seek(partition, first.offset());
            consumer.pause(List.of(partition));
        }
    }

    private void recovered() {
        degraded = false;
        consumer.resume(consumer.paused());
        LOG.info("pipeline recovered");
    }

    /** Goes back to the batch's first records on the partitions still assigned, so that nothing is skipped. */
    private void abandon(Batch batch) {
        if (stopping) {
            return;
        }
        Collection<TopicPartition> assigned = consumer.assignment();
        batch.firstOffsets().forEach((partition, offset) -> {
            if (assigned.contains(partition)) {
                consumer.seek(partition, offset);
            }
        });
        consumer.resume(consumer.paused());
        LOG.info("batch of {} abandoned after a rebalance; it will be read again", batch.nextOffsets().keySet());
    }

    /**
     * Commits a batch's offsets without waiting: the next poll need not wait for the group coordinator's round
     * trip. Every offset stays in {@link #applied} until its partition is handed over, so a commit that failed is
     * made again, synchronously, on revoke and on close; one that never lands only means a replay, which is harmless.
     */
    private void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        consumer.commitAsync(Map.copyOf(offsets), (committed, error) -> {
            if (error != null) {
                LOG.warn("commit of {} failed; made again on revoke or close, replayed otherwise: {}", committed,
                        error.getMessage());
            }
        });
    }

    private void commitApplied() {
        if (applied.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(applied);
            applied.clear();
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // The group moved on; the next owner replays the batch, which is harmless.
            LOG.warn("commit of {} refused by the group, the batch will be replayed: {}", applied, e.getMessage());
            applied.clear();
        } catch (RetriableException e) {
            LOG.warn("commit of {} failed, the work will be replayed: {}", applied, e.getMessage());
        }
    }

    private void commitAppliedOnExit() {
        try {
            commitApplied();
        } catch (WakeupException e) {
            commitApplied(); // the wakeup of close() arrived after the loop had stopped on its own
        } catch (RuntimeException e) {
            LOG.warn("could not commit {} on close; the work will be replayed: {}", applied, e.getMessage());
        }
    }

    private void closeClients() {
        try {
            observer.closing(this);
        } finally {
            closeKafkaClients();
        }
    }

    private void closeKafkaClients() {
        try {
            planner.close();
            consumer.close();
        } finally {
            try {
                deadLetters.close();
            } finally {
                broadcasts.ifPresent(BroadcastPublisher::close);
            }
        }
    }

    /** True while the loop runs and neither Redis nor the dead-letter or broadcast destination is being waited for. */
    public boolean ready() {
        return running && !degraded;
    }

    /** False once the loop has stopped on an unexpected error. */
    public boolean healthy() {
        return failure == null;
    }

    /** True while the batch at hand waits for Redis, the dead-letter topic or the broadcast destination to come back. */
    public boolean degraded() {
        return degraded;
    }

    /**
     * Stops the loop: the batch at hand is finished if it can be, abandoned otherwise (it is then read again by
     * whoever owns its partitions next); what was applied is committed; the clients are closed. Waits up to 30 s for
     * the loop to end.
     */
    @Override
    public void close() {
        boolean loopOwnsClients;
        synchronized (this) {
            stopping = true;
            loopOwnsClients = started;
        }
        if (!loopOwnsClients) {
            closeClients();
            return;
        }
        consumer.wakeup();
        try {
            if (!finished.await(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("pipeline loop did not stop within {}", CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Partitions handed over: what was applied is committed, the batch at hand is given up. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> revokedApplied = new HashMap<>();
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata offset = applied.remove(partition);
                if (offset != null) {
                    revokedApplied.put(partition, offset);
                }
            }
            if (!revokedApplied.isEmpty()) {
                try {
                    consumer.commitSync(revokedApplied);
                } catch (RuntimeException e) {
                    LOG.warn("commit of {} on revoke failed; the next owner replays it: {}", revokedApplied,
                            e.getMessage());
                }
            }
            abandonIfPending(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(applied::remove);
            abandonIfPending(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (pending != null && !abandoned) {
                consumer.pause(partitions); // still waiting out an outage
            }
        }

        private void abandonIfPending(Collection<TopicPartition> partitions) {
            if (pending != null && partitions.stream().anyMatch(pending.firstOffsets()::containsKey)) {
                abandoned = true;
            }
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws InterruptedException;
    }
}
