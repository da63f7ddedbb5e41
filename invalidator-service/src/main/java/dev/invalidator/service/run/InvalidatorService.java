package dev.invalidator.service.run;

import dev.invalidator.rules.engine.BeforeImages;
import dev.invalidator.rules.engine.LiveRules;
import dev.invalidator.rules.engine.RuleEngine;
import dev.invalidator.rules.engine.RuleSetLoader;
import dev.invalidator.rules.file.RuleProblem;
import dev.invalidator.schemas.change.ChangeEventReader;
import dev.invalidator.schemas.redis.RedisKeyLayout;
import dev.invalidator.service.config.ServiceConfig;
import dev.invalidator.service.config.ServiceFields;
import dev.invalidator.service.pipeline.Backoff;
import dev.invalidator.service.pipeline.BroadcastPublisher;
import dev.invalidator.service.pipeline.InvalidationPipeline;
import dev.invalidator.service.pipeline.PipelineListener;
import dev.invalidator.service.pipeline.PipelineSettings;
import dev.invalidator.service.redis.CascadeLimits;
import dev.invalidator.service.redis.PatternBudget;
import dev.invalidator.service.redis.RedisApplier;
import dev.invalidator.service.redis.RedisEndpoint;
import dev.invalidator.service.redis.RedisUnavailableException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code invalidator run}: the rules, the Redis applier, the broadcast and the pipeline, assembled from one
 * {@link ServiceConfig} and started; {@link #close()} stops them in reverse order, committing what was applied.
 *
 * <pre>{@code
 * try (InvalidatorService service = InvalidatorService.start(ServiceConfig.load(file, System.getenv()))) {
 *     service.awaitStop();
 * }
 * }</pre>
 */
public final class InvalidatorService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InvalidatorService.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private final ServiceConfig config;
    private final LiveRules rules;
    private final RedisApplier applier;
    private final InvalidationPipeline pipeline;
    private final Thread loop;

    private InvalidatorService(ServiceConfig config, LiveRules rules, RedisApplier applier,
                               InvalidationPipeline pipeline) {
        this.config = config;
        this.rules = rules;
        this.applier = applier;
        this.pipeline = pipeline;
        this.loop = new Thread(pipeline, "invalidation-pipeline");
    }

    /**
     * Loads the rules, creates the service's own topics when missing and allowed, takes this run's broadcast epoch
     * from Redis (waiting for Redis if it is not up yet) and starts the pipeline.
     *
     * @throws StartupException when the rules do not load or a topic cannot be created
     */
    public static InvalidatorService start(ServiceConfig config) throws InterruptedException {
        return start(config, PipelineListener.NONE);
    }

    /** Starts the service as above, telling {@code listener} of the pipeline's progress. */
    public static InvalidatorService start(ServiceConfig config, PipelineListener listener)
            throws InterruptedException {
        LiveRules rules = new LiveRules(loadRules(config.get(ServiceFields.RULES_DIRECTORY)), BeforeImages.learning());
        PipelineSettings settings = pipelineSettings(config, rules.current());
        if (config.get(ServiceFields.KAFKA_TOPICS_CREATE)) {
            ServiceTopics.createMissing(config, settings);
        }
        RedisKeyLayout layout = new RedisKeyLayout(config.get(ServiceFields.REDIS_NAMESPACE));
        RedisApplier applier = RedisApplier.connect(
                new RedisEndpoint(config.get(ServiceFields.REDIS_HOST), config.get(ServiceFields.REDIS_PORT)),
                layout,
                new CascadeLimits(config.get(ServiceFields.LIMITS_CASCADE_DEPTH),
                        config.get(ServiceFields.LIMITS_CASCADE_FANOUT)),
                new PatternBudget(config.get(ServiceFields.LIMITS_PATTERN_KEYS_SCANNED),
                        config.get(ServiceFields.LIMITS_PATTERN_TIME)));
        try {
            Optional<BroadcastPublisher> broadcasts = broadcasts(config, settings, applier);
            InvalidationPipeline pipeline = InvalidationPipeline.create(settings, ChangeEventReader.builder().build(),
                    rules, applier, broadcasts, listener);
            InvalidatorService service = new InvalidatorService(config, rules, applier, pipeline);
            service.loop.start();
            return service;
        } catch (RuntimeException | InterruptedException e) {
            applier.close();
            throw e;
        }
    }

    private static RuleEngine loadRules(Path directory) {
        RuleSetLoader.Loaded loaded = new RuleSetLoader().load(directory);
        for (RuleProblem problem : loaded.problems()) {
            if (!problem.isError()) {
                LOG.warn("{}", problem);
            }
        }
        if (loaded.hasErrors()) {
            throw new StartupException("the rules in " + directory + " do not load:\n" + loaded.problems().stream()
                    .filter(RuleProblem::isError).map(RuleProblem::toString).collect(Collectors.joining("\n")));
        }
        RuleEngine engine = loaded.engine().orElseThrow();
        LOG.info("loaded {} rules from {} files in {}", engine.ruleNames().size(), loaded.fileCount(), directory);
        return engine;
    }

    static PipelineSettings pipelineSettings(ServiceConfig config, RuleEngine rules) {
        Pattern topics = config.find(ServiceFields.KAFKA_TOPICS_PATTERN).map(Pattern::compile)
                .orElseGet(rules::topicPattern);
        String broadcastTopic = config.get(ServiceFields.KAFKA_BROADCAST_TOPIC);
        if (topics.matcher(broadcastTopic).matches()) {
            throw new StartupException("the change topics " + topics + " include the broadcast topic " + broadcastTopic
                    + ": set " + ServiceFields.KAFKA_TOPICS_PATTERN.name() + " or "
                    + ServiceFields.KAFKA_BROADCAST_TOPIC.name() + " so that they do not overlap");
        }
        Map<String, Object> overrides = new HashMap<>(config.kafkaClientProperties());
        Backoff backoff = new Backoff(config.get(ServiceFields.RETRY_INITIAL_BACKOFF),
                config.get(ServiceFields.RETRY_MAX_BACKOFF));
        try {
            return new PipelineSettings(String.join(",", config.get(ServiceFields.KAFKA_BOOTSTRAP_SERVERS)),
                    config.get(ServiceFields.KAFKA_GROUP_ID), topics,
                    Optional.of(config.get(ServiceFields.KAFKA_REQUESTS_TOPIC)),
                    config.get(ServiceFields.KAFKA_DEAD_LETTER_TOPIC), POLL_TIMEOUT, backoff, overrides);
        } catch (IllegalArgumentException e) {
            throw new StartupException(ServiceFields.KAFKA_DEAD_LETTER_TOPIC.name() + " or "
                    + ServiceFields.KAFKA_TOPICS_PATTERN.name() + ": " + e.getMessage(), e);
        }
    }

    private static Optional<BroadcastPublisher> broadcasts(ServiceConfig config, PipelineSettings settings,
                                                           RedisApplier applier) throws InterruptedException {
        String transport = config.get(ServiceFields.BROADCAST_TRANSPORT);
        if (transport.equals("none")) {
            LOG.warn("{} is none: near-caches are not told of invalidations", ServiceFields.BROADCAST_TRANSPORT.name());
            return Optional.empty();
        }
        String publisherId = PublisherIdentity.of(config);
        long epoch = nextEpoch(applier, publisherId, settings.backoff());
        BroadcastPublisher.Settings publisher = new BroadcastPublisher.Settings(publisherId, epoch,
                config.get(ServiceFields.BROADCAST_HEARTBEAT_INTERVAL));
        LOG.info("broadcasting as {} in epoch {} over {}", publisherId, epoch, transport);
        if (transport.equals("redis")) {
            return Optional.of(BroadcastPublisher.toRedis(applier.openClient(), applier.layout().broadcastChannel(),
                    publisher));
        }
        return Optional.of(BroadcastPublisher.toKafka(settings, config.get(ServiceFields.KAFKA_BROADCAST_TOPIC),
                publisher));
    }

    /** The epoch must come from Redis, so that it grows across restarts: a Redis that is not up yet is waited for. */
    private static long nextEpoch(RedisApplier applier, String publisherId, Backoff backoff)
            throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return applier.nextEpoch(publisherId);
            } catch (RedisUnavailableException e) {
                Duration delay = backoff.delay(attempt);
                LOG.warn("cannot take the broadcast epoch, retrying in {}: {}", delay, e.getMessage());
                Thread.sleep(delay.toMillis());
            }
        }
    }

    /**
     * Reloads the rule files: the new rules take over when they load without errors (the old ones stay otherwise),
     * and the pipeline then reads the topics of their tables unless a topic pattern is configured.
     */
    public RuleSetLoader.Loaded reloadRules() {
        RuleSetLoader.Loaded loaded = rules.reload(config.get(ServiceFields.RULES_DIRECTORY));
        if (loaded.hasErrors()) {
            LOG.warn("rules not reloaded, the previous ones stay in force:\n{}", loaded.problems().stream()
                    .filter(RuleProblem::isError).map(RuleProblem::toString).collect(Collectors.joining("\n")));
            return loaded;
        }
        LOG.info("reloaded {} rules from {} files", rules.current().ruleNames().size(), loaded.fileCount());
        if (config.find(ServiceFields.KAFKA_TOPICS_PATTERN).isEmpty()) {
            pipeline.resubscribe(rules.current().topicPattern());
        }
        return loaded;
    }

    /** The rules in force; reloads swap them here. */
    public LiveRules rules() {
        return rules;
    }

    /** False once the pipeline stopped on an unexpected error: the process should be restarted. */
    public boolean live() {
        return pipeline.healthy();
    }

    /** True while the pipeline runs and neither Redis nor Kafka is being waited for. */
    public boolean ready() {
        return pipeline.ready();
    }

    /** Waits until the pipeline loop ends (after {@link #close()}, or on an unexpected error). */
    public void awaitStop() throws InterruptedException {
        loop.join();
    }

    /** Stops the pipeline (committing what was applied), then closes Redis. */
    @Override
    public void close() {
        try {
            pipeline.close();
        } finally {
            applier.close();
            LOG.info("service stopped");
        }
    }

    /** The configuration the service runs with, for the admin endpoints. */
    public ServiceConfig config() {
        return config;
    }
}
