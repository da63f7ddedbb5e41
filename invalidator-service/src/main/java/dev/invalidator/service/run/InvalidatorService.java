package dev.invalidator.service.run;

import dev.invalidator.rules.engine.LiveRules;
import dev.invalidator.rules.engine.RuleEngine;
import dev.invalidator.rules.engine.RuleSetLoader;
import dev.invalidator.rules.file.RuleProblem;
import dev.invalidator.schemas.change.ChangeEventReader;
import dev.invalidator.schemas.redis.RedisKeyLayout;
import dev.invalidator.schemas.redis.TagGenerations;
import dev.invalidator.service.capture.IdentityWarnings;
import dev.invalidator.service.capture.ReplicaIdentities;
import dev.invalidator.service.config.ServiceConfig;
import dev.invalidator.service.config.ServiceFields;
import dev.invalidator.service.http.AdminServer;
import dev.invalidator.service.metrics.PipelineMetrics;
import dev.invalidator.service.pipeline.Backoff;
import dev.invalidator.service.pipeline.BroadcastPublisher;
import dev.invalidator.service.pipeline.InvalidationPipeline;
import dev.invalidator.service.pipeline.PipelineObserver;
import dev.invalidator.service.pipeline.PipelineSettings;
import dev.invalidator.service.redis.CascadeLimits;
import dev.invalidator.service.redis.PatternBudget;
import dev.invalidator.service.redis.RedisApplier;
import dev.invalidator.service.redis.RedisConnection;
import dev.invalidator.service.redis.RedisUnavailableException;
import dev.invalidator.service.request.RequestEndpoint;
import dev.invalidator.service.request.RequestSubmitter;
import dev.invalidator.service.rules.RuleFileWatcher;
import dev.invalidator.service.rules.RuleReloader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final ServiceConfig config;
    private final LiveRules rules;
    private final RedisApplier applier;
    private final PipelineMetrics metrics;
    private final InvalidationPipeline pipeline;
    private final RuleReloader reloader;
    private final IdentityWarnings identityWarnings;
    private final Thread loop;
    private volatile int httpPort;
    // Started after the pipeline's thread; closed first. Set once by start(), read by close().
    private final List<AutoCloseable> fronts = new ArrayList<>();

    private InvalidatorService(ServiceConfig config, LiveRules rules, RedisApplier applier, PipelineMetrics metrics,
                               InvalidationPipeline pipeline, IdentityWarnings identityWarnings) {
        this.config = config;
        this.rules = rules;
        this.applier = applier;
        this.metrics = metrics;
        this.pipeline = pipeline;
        this.identityWarnings = identityWarnings;
        this.reloader = new RuleReloader(rules, config.get(ServiceFields.RULES_DIRECTORY), Clock.systemUTC(),
                this::rulesApplied);
        this.loop = new Thread(pipeline, "invalidation-pipeline");
    }

    /**
     * Loads the rules, reads the replica identity of the tables of the PostgreSQL capture sources configured (and
     * warns where the rules need before-image columns those tables do not send), creates the service's own topics
     * when missing and allowed, takes this run's broadcast epoch from Redis (waiting for Redis if it is not up yet)
     * and starts the pipeline.
     *
     * @throws StartupException when the rules do not load or a topic cannot be created
     */
    public static InvalidatorService start(ServiceConfig config) throws InterruptedException {
        return start(config, PipelineObserver.NONE);
    }

    /** Starts the service as above, telling {@code observer} what the pipeline does. */
    public static InvalidatorService start(ServiceConfig config, PipelineObserver observer)
            throws InterruptedException {
        RuleEngine loadedRules = loadRules(config.get(ServiceFields.RULES_DIRECTORY));
        // Read before the first event is planned, so that the engine knows the tables' before-images from it on.
        ReplicaIdentities identities = ReplicaIdentities.read(config.captureSources());
        LiveRules rules = new LiveRules(loadedRules, identities.beforeImages());
        PipelineSettings settings = pipelineSettings(config, rules.current());
        if (config.get(ServiceFields.KAFKA_TOPICS_CREATE)) {
            ServiceTopics.createMissing(config, settings);
        }
        RedisKeyLayout layout = new RedisKeyLayout(config.get(ServiceFields.REDIS_NAMESPACE));
        RedisApplier applier = RedisApplier.connect(RedisSettings.connection(config), layout,
                new CascadeLimits(config.get(ServiceFields.LIMITS_CASCADE_DEPTH),
                        config.get(ServiceFields.LIMITS_CASCADE_FANOUT)),
                new PatternBudget(config.get(ServiceFields.LIMITS_PATTERN_KEYS_SCANNED),
                        config.get(ServiceFields.LIMITS_PATTERN_TIME)),
                new TagGenerations(config.get(ServiceFields.TAGS_GENERATION_PREFIXES)));
        PipelineMetrics metrics = PipelineMetrics.create();
        InvalidatorService service;
        try {
            Optional<BroadcastPublisher> broadcasts = broadcasts(config, settings, applier);
            InvalidationPipeline pipeline = InvalidationPipeline.create(settings, ChangeEventReader.builder().build(),
                    rules, applier, broadcasts, metrics.andThen(observer));
            IdentityWarnings identityWarnings = new IdentityWarnings(identities, metrics.registry());
            identityWarnings.update(rules.current());
            service = new InvalidatorService(config, rules, applier, metrics, pipeline, identityWarnings);
        } catch (RuntimeException | InterruptedException e) {
            metrics.close();
            applier.close();
            throw e;
        }
        service.loop.start();
        try {
            service.startFronts(settings);
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    /** The HTTP endpoints, the rule-file watcher and the request submitter behind {@code POST /invalidations}. */
    private void startFronts(PipelineSettings settings) {
        RequestSubmitter submitter = RequestSubmitter.create(settings.bootstrapServers(), settings.kafkaOverrides(),
                settings.requestsTopic().orElseThrow(), REQUEST_TIMEOUT);
        fronts.add(submitter);
        try {
            fronts.add(RuleFileWatcher.start(reloader));
        } catch (IOException e) {
            throw new StartupException("cannot watch the rules directory " + reloader.directory() + " for changes: "
                    + e.getMessage(), e);
        }
        try {
            AdminServer server = AdminServer.builder()
                    .port(config.get(ServiceFields.HTTP_PORT))
                    .adminToken(config.find(ServiceFields.HTTP_ADMIN_TOKEN))
                    .health(new ServiceHealth(pipeline))
                    .metrics(metrics::scrape)
                    .rules(reloader)
                    .identityWarnings(identityWarnings::current)
                    .invalidations(new RequestEndpoint(submitter, applier))
                    .start();
            fronts.add(0, server);
            LOG.info("HTTP endpoints on port {}{}", server.port(), config.find(ServiceFields.HTTP_ADMIN_TOKEN)
                    .isPresent() ? "" : "; admin endpoints off (no " + ServiceFields.HTTP_ADMIN_TOKEN.name() + ")");
            httpPort = server.port();
        } catch (IOException e) {
            throw new StartupException("cannot start the HTTP endpoints: " + e.getMessage(), e);
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
                    config.get(ServiceFields.KAFKA_DEAD_LETTER_TOPIC), POLL_TIMEOUT, backoff, overrides,
                    planningThreads(config));
        } catch (IllegalArgumentException e) {
            throw new StartupException(ServiceFields.KAFKA_DEAD_LETTER_TOPIC.name() + ", "
                    + ServiceFields.KAFKA_REQUESTS_TOPIC.name() + " or " + ServiceFields.KAFKA_TOPICS_PATTERN.name()
                    + ": " + e.getMessage(), e);
        }
    }

    private static int planningThreads(ServiceConfig config) {
        int threads = config.get(ServiceFields.PIPELINE_PLANNING_THREADS);
        return threads == 0 ? PipelineSettings.automaticPlanningThreads() : threads;
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
                return applier.nextEpoch(publisherId, System.currentTimeMillis());
            } catch (RedisUnavailableException e) {
                Duration delay = backoff.delay(attempt);
                LOG.warn("cannot take the broadcast epoch, retrying in {}: {}", delay, e.getMessage());
                Thread.sleep(delay.toMillis());
            }
        }
    }

    /**
     * Reloads the rule files, as a change on disk or {@code POST /rules/reload} does: the new rules take over when
     * they load without errors (the old ones stay otherwise), and the pipeline then reads the topics of their tables
     * unless a topic pattern is configured.
     */
    public RuleReloader.Outcome reloadRules() {
        return reloader.reload("asked by the operator");
    }

    private void rulesApplied(RuleEngine engine) {
        identityWarnings.update(engine);
        if (config.find(ServiceFields.KAFKA_TOPICS_PATTERN).isPresent()) {
            return;
        }
        try {
            // The same checks as at start: the new tables' topics must not take in the service's own topics.
            pipeline.resubscribe(pipelineSettings(config, engine).topics());
        } catch (StartupException e) {
            LOG.error("the reloaded rules are in force, but the pipeline keeps reading the topics it read before: {}",
                    e.getMessage());
        }
    }

    /** The port the HTTP endpoints listen on (useful when {@code http.port} is 0). */
    public int httpPort() {
        return httpPort;
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

    /**
     * Stops taking HTTP requests and watching files, stops the pipeline (committing what was applied), then closes
     * Redis and the metrics.
     */
    @Override
    public void close() {
        try {
            for (AutoCloseable front : fronts) {
                try {
                    front.close();
                } catch (Exception e) {
                    LOG.warn("closing {} failed: {}", front, e.getMessage());
                }
            }
            pipeline.close();
        } finally {
            applier.close();
            metrics.close();
            LOG.info("service stopped");
        }
    }

    /** The configuration the service runs with, for the admin endpoints. */
    public ServiceConfig config() {
        return config;
    }
}
