package dev.invalidator.service.bench;

import dev.invalidator.rules.engine.BeforeImages;
import dev.invalidator.rules.engine.LiveRules;
import dev.invalidator.schemas.change.ChangeEventReader;
import dev.invalidator.schemas.redis.RedisKeyLayout;
import dev.invalidator.service.metrics.PipelineMetrics;
import dev.invalidator.service.pipeline.Backoff;
import dev.invalidator.service.pipeline.BroadcastPublisher;
import dev.invalidator.service.pipeline.InvalidationPipeline;
import dev.invalidator.service.pipeline.PipelineSettings;
import dev.invalidator.service.redis.CascadeLimits;
import dev.invalidator.service.redis.PatternBudget;
import dev.invalidator.service.redis.RedisApplier;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The service as {@code invalidator run} assembles it with its default settings (200 ms poll, broadcast to a Kafka
 * topic, default limits, the pipeline's Kafka client settings unless {@code bench.serviceClient} overrides them, and
 * its metrics recorded as the service records them), reading one change topic in a consumer group of its own, on a
 * thread of its own.
 */
final class ServiceUnderTest implements AutoCloseable {

    private final RedisApplier applier;
    private final PipelineMetrics metrics;
    private final InvalidationPipeline pipeline;
    private final Thread loop;
    private final String topic;

    private ServiceUnderTest(RedisApplier applier, PipelineMetrics metrics, InvalidationPipeline pipeline, Thread loop,
                             String topic) {
        this.applier = applier;
        this.metrics = metrics;
        this.pipeline = pipeline;
        this.loop = loop;
        this.topic = topic;
    }

    static ServiceUnderTest start(BenchEnvironment env, String topic, String consumer, AppliedOffsets listener) {
        BenchNames names = env.names();
        RedisApplier applier = RedisApplier.connect(env.redis(), new RedisKeyLayout(names.namespace()),
                CascadeLimits.DEFAULTS, PatternBudget.DEFAULTS);
        PipelineMetrics metrics = PipelineMetrics.create();
        try {
            PipelineSettings settings = new PipelineSettings(env.bootstrapServers(), names.group(consumer),
                    Pattern.compile(Pattern.quote(topic)), Optional.of(names.requestsTopic()), names.deadLetterTopic(),
                    Duration.ofMillis(200), new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10)),
                    Map.copyOf(env.serviceClient()));
            BroadcastPublisher broadcasts = BroadcastPublisher.toKafka(settings, names.broadcastTopic(),
                    new BroadcastPublisher.Settings(names.group(consumer), 1, Duration.ofSeconds(5)));
            InvalidationPipeline pipeline = InvalidationPipeline.create(settings, ChangeEventReader.builder().build(),
                    new LiveRules(env.rules(), BeforeImages.learning()), applier, Optional.of(broadcasts),
                    metrics.andThen(listener));
            Thread loop = new Thread(pipeline, "bench-pipeline-" + consumer);
            loop.start();
            return new ServiceUnderTest(applier, metrics, pipeline, loop, topic);
        } catch (RuntimeException e) {
            metrics.close();
            applier.close();
            throw e;
        }
    }

    /**
     * Waits until the listener saw every record applied, printing progress.
     *
     * @return {@link System#nanoTime()} when the last record was applied
     * @throws IllegalStateException when the pipeline stopped on an error or applied nothing for {@link StallGuard#LIMIT}
     */
    long awaitAll(AppliedOffsets listener, long expected, Progress progress) throws InterruptedException {
        StallGuard stall = new StallGuard("the pipeline reading " + topic);
        while (true) {
            Optional<Long> done = listener.await(Duration.ofMillis(200));
            long applied = listener.applied();
            if (done.isPresent()) {
                progress.done(applied);
                return done.get();
            }
            progress.update(applied);
            checkRunning(applied);
            stall.check(applied, expected);
        }
    }

    /** Waits until at least {@code count} records were applied: the group has joined and the pipeline runs. */
    void awaitApplied(AppliedOffsets listener, long count) throws InterruptedException {
        StallGuard stall = new StallGuard("the pipeline reading " + topic);
        while (listener.applied() < count) {
            Thread.sleep(20);
            checkRunning(listener.applied());
            stall.check(listener.applied(), count);
        }
    }

    /** The thread the pipeline's loop runs on. */
    Thread loop() {
        return loop;
    }

    private void checkRunning(long applied) {
        if (!pipeline.healthy()) {
            throw new IllegalStateException("the pipeline reading " + topic + " stopped on an error after " + applied
                    + " records; see its log above");
        }
    }

    /** Stops the pipeline, which commits what it applied, then closes its Redis client and its metrics. */
    @Override
    public void close() {
        try {
            pipeline.close();
        } finally {
            try {
                applier.close();
            } finally {
                metrics.close();
            }
        }
    }
}
