package dev.invalidator.service.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.invalidator.rules.engine.BeforeImages;
import dev.invalidator.rules.engine.LiveRules;
import dev.invalidator.rules.engine.RuleSetLoader;
import dev.invalidator.rules.file.RuleProblem;
import dev.invalidator.schemas.broadcast.BroadcastCause;
import dev.invalidator.schemas.broadcast.BroadcastPosition;
import dev.invalidator.schemas.broadcast.InvalidationBroadcast;
import dev.invalidator.schemas.broadcast.InvalidationBroadcastCodec;
import dev.invalidator.schemas.change.ChangeEventReader;
import dev.invalidator.schemas.change.Operation;
import dev.invalidator.schemas.change.SourcePosition;
import dev.invalidator.schemas.json.DecodeResult;
import dev.invalidator.schemas.redis.RedisKeyLayout;
import dev.invalidator.schemas.redis.TagGenerations;
import dev.invalidator.schemas.request.InvalidationRequest;
import dev.invalidator.schemas.request.InvalidationRequestCodec;
import dev.invalidator.service.embedded.kafka.EmbeddedKafka;
import dev.invalidator.service.embedded.kafka.KafkaTopics;
import dev.invalidator.service.metrics.PipelineMetrics;
import dev.invalidator.service.redis.CascadeLimits;
import dev.invalidator.service.redis.PatternBudget;
import dev.invalidator.service.redis.RedisApplier;
import dev.invalidator.service.redis.RedisConnection;
import dev.invalidator.service.redis.RedisEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * The pipeline against a real Kafka broker (started here) and a real Redis: the one at 127.0.0.1:6379, or a
 * redis-server of the test's own where the test stops it. Golden Debezium records go in; every test uses its own
 * topics, group, key prefix and Redis namespace.
 */
class PipelineIT {

    private static final RedisEndpoint SHARED_REDIS = new RedisEndpoint("127.0.0.1", 6379);
    private static final String GOLDEN = "pg-default-identity-schemas-off.jsonl";
    /** The source position of the create in {@link #GOLDEN}. */
    private static final long GOLDEN_CREATE_LSN = 24300776L;
    private static final long GOLDEN_CREATE_TX_ID = 751L;

    private static EmbeddedKafka kafka;
    private static KafkaProducer<byte[], byte[]> producer;
    private static Admin admin;

    @TempDir
    Path workDirectory;

    private String prefix;
    private RedisKeyLayout layout;
    private String changeTopic;
    private String deadLetterTopic;
    private String requestsTopic;
    private String group;
    private InvalidationPipeline pipeline;
    private RedisApplier applier;
    private ChildRedis child;
    private Jedis redis;
    private PipelineMetrics metrics;
    private TagGenerations tagGenerations = TagGenerations.none();

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.builder().start();
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    @AfterAll
    static void stopKafka() {
        if (admin != null) {
            admin.close();
        }
        if (producer != null) {
            producer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void names() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        prefix = "it-" + run + ":";
        layout = new RedisKeyLayout("it-inv-" + run + ":");
        changeTopic = "it-" + run + ".pg.inv.customers";
        deadLetterTopic = "it-" + run + ".dead-letters";
        requestsTopic = "it-" + run + ".requests";
        group = "it-" + run;
        try (KafkaTopics topics = KafkaTopics.connect(kafka.bootstrapServers())) {
            topics.create(changeTopic, 1);
            topics.create(deadLetterTopic, 1);
            topics.create(requestsTopic, 1);
        }
        Files.writeString(workDirectory.resolve("customers.yaml"), """
                version: 1
                rules:
                  - name: customer
                    table: pg.inv.customers
                    invalidate:
                      keys: ["%scustomer:{id}"]
                      tags: ["%scustomers"]
                """.formatted(prefix, prefix));
    }

    @AfterEach
    void closeAll() throws Exception {
        // The pipeline stops first, then the test's keys go, then the applier and any Redis of the test's own.
        if (pipeline != null) {
            pipeline.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (redis != null) {
            for (String pattern : List.of(prefix + "*", layout.namespace() + "*", "{" + prefix + "*")) {
                Set<String> keys = redis.keys(pattern);
                if (!keys.isEmpty()) {
                    redis.del(keys.toArray(String[]::new));
                }
            }
            redis.close();
        }
        if (applier != null) {
            applier.close();
        }
        if (child != null) {
            child.close();
        }
    }

    @Test
    void run_goldenChangeEvents_removesKeysAndTagMembersThenCommitsToTheEnd() throws Exception {
        redis = connect(SHARED_REDIS);
        String customer = prefix + "customer:1";
        String other = prefix + "customer:2";
        String listed = prefix + "customer-list:page:1";
        redis.set(customer, "Ada");
        redis.set(layout.leaseKey(customer), "lease");
        redis.set(other, "Grace");
        redis.set(listed, "[1,2]");
        redis.sadd(layout.tagSetKey(prefix + "customers"), listed);
        InvalidationPipeline pipeline = start(SHARED_REDIS, fastBackoff());

        List<GoldenRecords.Golden> golden = GoldenRecords.read(GOLDEN);
        golden.forEach(record -> produce(record.key(), record.value()));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(committed()).as("committed offset").isEqualTo(golden.size()));
        assertThat(endOffset(changeTopic)).isEqualTo(golden.size());
        assertThat(redis.exists(customer)).as(customer).isFalse();
        assertThat(redis.exists(layout.leaseKey(customer))).as("its lease").isFalse();
        assertThat(redis.exists(listed)).as("the tag's member").isFalse();
        assertThat(redis.exists(layout.tagSetKey(prefix + "customers"))).as("the tag set").isFalse();
        assertThat(redis.get(other)).as("a key no event named").isEqualTo("Grace");
        assertThat(endOffset(deadLetterTopic)).as("dead letters").isZero();
        assertThat(pipeline.ready()).isTrue();
        assertThat(pipeline.healthy()).isTrue();
    }

    @Test
    void run_broadcastOn_announcesEveryChangeInOrderBeforeCommitting() throws Exception {
        redis = connect(SHARED_REDIS);
        String broadcastTopic = createBroadcastTopic();
        start(SHARED_REDIS, fastBackoff(), Map.of(),
                Optional.of(broadcastTopic), new BroadcastPublisher.Settings("publisher-" + group, 7, Duration.ofMinutes(1)));
        List<GoldenRecords.Golden> golden = GoldenRecords.read(GOLDEN);
        golden.forEach(record -> produce(record.key(), record.value()));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(committed()).isEqualTo(golden.size()));
        // One broadcast per poll batch: how the three events fell into batches decides how many there are.
        List<InvalidationBroadcast> broadcasts = readBroadcasts(broadcastTopic, 3);
        assertThat(broadcasts).extracting(InvalidationBroadcast::position).containsExactlyElementsOf(
                IntStream.rangeClosed(1, broadcasts.size())
                        .mapToObj(sequence -> new BroadcastPosition("publisher-" + group, 7, sequence)).toList());
        assertThat(causes(broadcasts)).extracting(cause -> ((BroadcastCause.Change) cause).op())
                .containsExactly(Operation.CREATE, Operation.UPDATE, Operation.DELETE);
        assertThat(broadcasts).allSatisfy(b -> {
            assertThat(b.keys()).containsExactly(prefix + "customer:1");
            assertThat(b.tags()).containsExactly(prefix + "customers");
            assertThat(b.clearAll()).isFalse();
        });
    }

    @Test
    void run_changeEventsInOnePollBatch_announcedInOneBatchBroadcastOfTheirKeysThatSubscribersDecode()
            throws Exception {
        redis = connect(SHARED_REDIS);
        String broadcastTopic = createBroadcastTopic();
        int events = 12;
        GoldenRecords.Golden create = GoldenRecords.read(GOLDEN).get(0);
        List<String> keys = new ArrayList<>();
        List<BroadcastCause> changes = new ArrayList<>();
        for (int id = 1; id <= events; id++) {
            String key = prefix + "customer:" + id;
            redis.set(key, "cached " + id);
            keys.add(key);
            changes.add(new BroadcastCause.Change("pg.inv.customers", Operation.CREATE,
                    "lsn " + new SourcePosition.Postgres(GOLDEN_CREATE_LSN + id, null).lsnText()
                            + " txId " + (GOLDEN_CREATE_TX_ID + id)));
            produce(customerCreated(create, id));
        }

        // Every event is on the topic before the pipeline starts, so its first poll reads them all: one batch.
        start(SHARED_REDIS, fastBackoff(), Map.of(), Optional.of(broadcastTopic),
                new BroadcastPublisher.Settings("publisher-" + group, 2, Duration.ofMinutes(1)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(committed()).isEqualTo(events));
        assertThat(keys).allSatisfy(key -> assertThat(redis.exists(key)).as(key).isFalse());
        // What a subscriber does with the message: decode it, validated against the schema, and drop its keys.
        DecodeResult<InvalidationBroadcast> decoded =
                new InvalidationBroadcastCodec().decode(readOne(broadcastTopic).value());
        assertThat(decoded.violations()).isEmpty();
        InvalidationBroadcast broadcast = decoded.decoded().orElseThrow();
        assertThat(broadcast.position()).isEqualTo(new BroadcastPosition("publisher-" + group, 2, 1));
        assertThat(broadcast.cause()).isEqualTo(new BroadcastCause.Batch(changes));
        assertThat(broadcast.keys()).containsExactlyElementsOf(keys);
        assertThat(broadcast.tags()).as("named by every event, announced once").containsExactly(prefix + "customers");
        assertThat(broadcast.patterns()).isEmpty();
        assertThat(broadcast.clearAll()).isFalse();
        assertThat(broadcast.soft()).isFalse();
    }

    @Test
    void run_poisonRecord_isDeadLetteredWithHeadersAndTheNextRecordOnThePartitionIsApplied() throws Exception {
        redis = connect(SHARED_REDIS);
        String customer = prefix + "customer:1";
        redis.set(customer, "Ada");
        start(SHARED_REDIS, fastBackoff());
        byte[] poison = "not json {".getBytes(StandardCharsets.UTF_8);
        GoldenRecords.Golden create = GoldenRecords.read(GOLDEN).get(0);

        produce("k".getBytes(StandardCharsets.UTF_8), poison);
        produce(create.key(), create.value());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(committed()).isEqualTo(2));
        assertThat(redis.exists(customer)).as("applied after the poison record").isFalse();
        ConsumerRecord<byte[], byte[]> letter = readOne(deadLetterTopic);
        assertThat(letter.value()).isEqualTo(poison);
        assertThat(letter.key()).isEqualTo("k".getBytes(StandardCharsets.UTF_8));
        assertThat(header(letter, DeadLetter.TOPIC_HEADER)).isEqualTo(changeTopic);
        assertThat(header(letter, DeadLetter.PARTITION_HEADER)).isEqualTo("0");
        assertThat(header(letter, DeadLetter.OFFSET_HEADER)).isEqualTo("0");
        assertThat(header(letter, DeadLetter.REASON_HEADER))
                .startsWith("unreadable: topic " + changeTopic + " partition 0 offset 0: ")
                .contains("not valid JSON");
    }

    @Test
    void run_redisDown_commitsNothingPastTheUnappliedEventsAndAppliesThemWhenRedisIsBack() throws Exception {
        child = new ChildRedis(workDirectory);
        child.start();
        redis = child.connect();
        String customer = prefix + "customer:1";
        redis.set(customer, "Ada");
        // A poll interval far shorter than the outage: the group keeps this member only because it keeps polling.
        InvalidationPipeline pipeline = start(child.endpoint(), new Backoff(Duration.ofMillis(50),
                Duration.ofMillis(400)), Map.of(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 2_000));
        List<GoldenRecords.Golden> golden = GoldenRecords.read(GOLDEN);
        produce(golden.get(0).key(), golden.get(0).value());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(committed()).isEqualTo(1));
        assertThat(redis.exists(customer)).isFalse();
        String member = memberId();

        redis.set(customer, "Ada, read again after the create");
        redis.close();
        redis = null;
        child.shutdownSaving();
        produce(golden.get(1).key(), golden.get(1).value());
        produce(golden.get(2).key(), golden.get(2).value());

        await().atMost(Duration.ofSeconds(10)).until(() -> !pipeline.ready());
        Thread.sleep(5_000); // more than twice the poll interval
        assertThat(committed()).as("committed while Redis is down").isEqualTo(1);
        assertThat(pipeline.ready()).isFalse();
        assertThat(pipeline.healthy()).isTrue();

        child.start();
        redis = child.connect();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(committed()).isEqualTo(3));
        assertThat(redis.exists(customer)).as("removed once Redis is back").isFalse();
        assertThat(pipeline.ready()).isTrue();
        assertThat(memberId()).as("the group member, unchanged: no rebalance during the outage").isEqualTo(member);
    }

    @Test
    void close_whileRedisIsDown_abandonsTheBatchAndCommitsNothingPastIt() throws Exception {
        child = new ChildRedis(workDirectory);
        child.start();
        InvalidationPipeline running = start(child.endpoint(), new Backoff(Duration.ofMillis(50),
                Duration.ofSeconds(5)));
        List<GoldenRecords.Golden> golden = GoldenRecords.read(GOLDEN);
        produce(golden.get(0).key(), golden.get(0).value());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(committed()).isEqualTo(1));
        child.close();
        produce(golden.get(1).key(), golden.get(1).value());
        await().atMost(Duration.ofSeconds(10)).until(() -> !running.ready());

        long startedClosing = System.nanoTime();
        running.close();

        assertThat(Duration.ofNanos(System.nanoTime() - startedClosing)).as("time to close while backing off")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(committed()).as("committed after close").isEqualTo(1);
        assertThat(running.healthy()).isTrue();
        assertThat(running.ready()).isFalse();
    }

    @Test
    void run_versionsAndGenerationTags_bumpCountersRemoveNothingAndAnnounceTheVersionedKeys() throws Exception {
        Files.writeString(workDirectory.resolve("customers.yaml"), """
                version: 1
                rules:
                  - name: customer
                    table: pg.inv.customers
                    invalidate:
                      versions: ["%scustomer:{id}"]
                      tags: ["%scustomers"]
                """.formatted(prefix, prefix));
        tagGenerations = TagGenerations.prefixes(prefix + "customers");
        redis = connect(SHARED_REDIS);
        String customer = prefix + "customer:1";
        String stored = layout.versionedValueKey(customer, 0);
        String listed = prefix + "customer-list:page:1";
        redis.set(stored, "Ada");
        redis.set(listed, "[1,2]");
        redis.sadd(layout.tagSetKey(prefix + "customers"), listed);
        String broadcastTopic = createBroadcastTopic();
        start(SHARED_REDIS, fastBackoff(), Map.of(), Optional.of(broadcastTopic),
                new BroadcastPublisher.Settings("publisher-" + group, 1, Duration.ofMinutes(1)));

        List<GoldenRecords.Golden> golden = GoldenRecords.read(GOLDEN);
        golden.forEach(record -> produce(record.key(), record.value()));
        produceTo(requestsTopic, new InvalidationRequestCodec().encode(new InvalidationRequest("r1", "accounts",
                List.of(), List.of(), List.of(), List.of(prefix + "customer:2"), false, false, null)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(committed()).as("committed offset").isEqualTo(golden.size());
            assertThat(committed(requestsTopic)).isEqualTo(1);
        });
        // Three change events in one or more batches: each batch bumps each counter once.
        assertThat(Long.parseLong(redis.get(layout.versionKey(customer)))).isBetween(1L, 3L);
        assertThat(Long.parseLong(redis.get(layout.tagGenerationKey(prefix + "customers")))).isBetween(1L, 3L);
        assertThat(redis.get(layout.versionKey(prefix + "customer:2"))).isEqualTo("1");
        assertThat(redis.get(stored)).as("the old version's copy, left to its TTL").isEqualTo("Ada");
        assertThat(redis.get(listed)).as("a member of a generation-based tag").isEqualTo("[1,2]");
        assertThat(redis.smembers(layout.tagSetKey(prefix + "customers"))).containsExactly(listed);
        assertThat(endOffset(deadLetterTopic)).as("dead letters").isZero();
        // Near-caches hold versioned keys under their own names: each bump is announced as the key. The request
        // may share a broadcast with changes of its batch; each broadcast names exactly the targets of its causes.
        List<InvalidationBroadcast> broadcasts = readBroadcasts(broadcastTopic, 4);
        assertThat(causes(broadcasts)).filteredOn(BroadcastCause.Change.class::isInstance).hasSize(3);
        assertThat(causes(broadcasts)).filteredOn(BroadcastCause.Request.class::isInstance)
                .containsExactly(new BroadcastCause.Request("r1", "accounts"));
        assertThat(broadcasts).allSatisfy(b -> {
            boolean changes = b.causes().stream().anyMatch(BroadcastCause.Change.class::isInstance);
            boolean request = b.causes().stream().anyMatch(BroadcastCause.Request.class::isInstance);
            List<String> keys = new ArrayList<>();
            if (changes) {
                keys.add(customer);
            }
            if (request) {
                keys.add(prefix + "customer:2");
            }
            assertThat(b.keys()).containsExactlyInAnyOrderElementsOf(keys);
            assertThat(b.tags()).isEqualTo(changes ? List.of(prefix + "customers") : List.of());
        });
    }

    @Test
    void run_softRuleAndSoftRequest_removeFromRedisAndBroadcastSoft() throws Exception {
        Files.writeString(workDirectory.resolve("customers.yaml"), """
                version: 1
                rules:
                  - name: customer
                    table: pg.inv.customers
                    soft: true
                    invalidate:
                      keys: ["%scustomer:{id}"]
                """.formatted(prefix));
        redis = connect(SHARED_REDIS);
        String customer = prefix + "customer:1";
        String requested = prefix + "customer:2";
        redis.set(customer, "Ada");
        redis.set(requested, "Grace");
        String broadcastTopic = createBroadcastTopic();
        start(SHARED_REDIS, fastBackoff(), Map.of(), Optional.of(broadcastTopic),
                new BroadcastPublisher.Settings("publisher-" + group, 1, Duration.ofMinutes(1)));

        List<GoldenRecords.Golden> golden = GoldenRecords.read(GOLDEN);
        golden.forEach(record -> produce(record.key(), record.value()));
        produceTo(requestsTopic, new InvalidationRequestCodec().encode(new InvalidationRequest("r1", "pricing",
                List.of(requested), List.of(), List.of(), List.of(), false, false, null, true)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(committed()).as("committed offset").isEqualTo(golden.size());
            assertThat(committed(requestsTopic)).isEqualTo(1);
        });
        // Soft changes near-caches only: Redis removes the keys as for a hard invalidation.
        assertThat(redis.exists(customer)).as(customer).isFalse();
        assertThat(redis.exists(requested)).as(requested).isFalse();
        List<InvalidationBroadcast> broadcasts = readBroadcasts(broadcastTopic, 4);
        assertThat(broadcasts).allSatisfy(b -> assertThat(b.soft()).isTrue());
        assertThat(causes(broadcasts)).filteredOn(BroadcastCause.Change.class::isInstance).hasSize(3);
        assertThat(causes(broadcasts)).filteredOn(BroadcastCause.Request.class::isInstance)
                .containsExactly(new BroadcastCause.Request("r1", "pricing"));
        // The request may share a broadcast with changes of its batch; each names exactly the keys of its causes.
        assertThat(broadcasts).allSatisfy(b -> {
            List<String> keys = new ArrayList<>();
            if (b.causes().stream().anyMatch(BroadcastCause.Change.class::isInstance)) {
                keys.add(customer);
            }
            if (b.causes().stream().anyMatch(BroadcastCause.Request.class::isInstance)) {
                keys.add(requested);
            }
            assertThat(b.keys()).containsExactlyInAnyOrderElementsOf(keys);
        });
    }

    @Test
    void run_requests_appliesValidOnesWithTheirCauseAndDeadLettersInvalidOnes() throws Exception {
        redis = connect(SHARED_REDIS);
        String broadcastTopic = createBroadcastTopic();
        String product = prefix + "product:[7]";
        String listed = prefix + "product-list:1";
        String previewed = prefix + "preview:1";
        redis.set(product, "glob characters in the key");
        redis.set(listed, "[7]");
        redis.set(previewed, "kept by a dry run");
        start(SHARED_REDIS, fastBackoff(), Map.of(),
                Optional.of(broadcastTopic), new BroadcastPublisher.Settings("publisher-" + group, 1, Duration.ofMinutes(1)));
        InvalidationRequestCodec codec = new InvalidationRequestCodec();
        byte[] invalid = "{\"id\":\"r0\",\"source\":\"billing\"}".getBytes(StandardCharsets.UTF_8);

        produceTo(requestsTopic, invalid);
        produceTo(requestsTopic, codec.encode(new InvalidationRequest("r1", "billing", List.of(product), List.of(),
                List.of(), false, false, "price changed")));
        produceTo(requestsTopic, codec.encode(new InvalidationRequest("r2", "billing", List.of(previewed), List.of(),
                List.of(), false, true, null)));
        produceTo(requestsTopic, codec.encode(new InvalidationRequest("r3", "billing", List.of(),
                List.of(prefix + "product-list:*"), List.of(), false, false, null)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(committed(requestsTopic)).isEqualTo(4));
        assertThat(redis.exists(product)).as(product).isFalse();
        assertThat(redis.exists(listed)).as(listed).isFalse();
        assertThat(redis.get(previewed)).as("a dry run's key").isEqualTo("kept by a dry run");
        ConsumerRecord<byte[], byte[]> letter = readOne(deadLetterTopic);
        assertThat(letter.value()).isEqualTo(invalid);
        assertThat(header(letter, DeadLetter.REASON_HEADER)).startsWith("invalid request at topic " + requestsTopic
                + " partition 0 offset 0: ");
        // r1 and r3, in one broadcast or two as they fell into batches; the dry run and the invalid one not at all.
        List<InvalidationBroadcast> broadcasts = readBroadcasts(broadcastTopic, 2);
        assertThat(causes(broadcasts))
                .containsExactly(new BroadcastCause.Request("r1", "billing"), new BroadcastCause.Request("r3", "billing"));
        assertThat(broadcasts).flatExtracting(InvalidationBroadcast::keys).containsExactly(product);
        assertThat(broadcasts).flatExtracting(InvalidationBroadcast::patterns)
                .containsExactly(prefix + "product-list:*");
    }

    @Test
    void run_withMetrics_countsGoldenEventsOneLatencySampleEachAndExportsConsumerLag() throws Exception {
        redis = connect(SHARED_REDIS);
        redis.set(prefix + "customer:1", "Ada");
        metrics = PipelineMetrics.create();
        start(SHARED_REDIS, fastBackoff(), Map.of(), Optional.empty(), BroadcastPublisher.Settings.of("unused", 1),
                metrics);
        List<GoldenRecords.Golden> golden = GoldenRecords.read(GOLDEN);
        golden.forEach(record -> produce(record.key(), record.value()));
        produce("k".getBytes(StandardCharsets.UTF_8), "not json {".getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(committed()).as("committed offset").isEqualTo(golden.size() + 1));
        MeterRegistry registry = metrics.registry();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(registry.get("invalidator.batch.size").summary().totalAmount()).isEqualTo(5));
        for (String op : List.of("create", "update", "delete")) {
            assertThat(registry.get("invalidator.events").tags("table", "pg.inv.customers", "op", op).counter()
                    .count()).as(op + " events").isEqualTo(1);
        }
        assertThat(registry.get("invalidator.rule.matches").tag("rule", "customer").counter().count()).isEqualTo(3);
        assertThat(registry.get("invalidator.targets").tags("kind", "key", "cascade", "false").counter().count())
                .isEqualTo(3);
        assertThat(registry.get("invalidator.targets").tags("kind", "tag", "cascade", "false").counter().count())
                .isEqualTo(3);
        assertThat(registry.get("invalidator.keys.removed").tag("kind", "keys").counter().count())
                .as("customer:1, which existed once").isEqualTo(1);
        assertThat(registry.get("invalidator.dead.letters").tag("reason", "unreadable").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("invalidator.commit.to.applied").timer().count()).as("one per change event")
                .isEqualTo(3);
        assertThat(registry.get("invalidator.kafka.append.to.applied").timer().count()).as("one per change event")
                .isEqualTo(3);
        assertThat(registry.get("invalidator.redis.apply").timer().count()).isPositive();
        assertThat(registry.get("invalidator.pipeline.ready").gauge().value()).isEqualTo(1);
        assertThat(metrics.scrape())
                .contains("kafka_consumer_fetch_manager_records_lag_max{")
                .contains("invalidator_commit_to_applied_seconds_bucket{le=")
                .contains("client_id=\"" + group + "-dead-letters\"");
    }

    private InvalidationPipeline start(RedisEndpoint endpoint, Backoff backoff) {
        return start(endpoint, backoff, Map.of());
    }

    private InvalidationPipeline start(RedisEndpoint endpoint, Backoff backoff, Map<String, Object> overrides) {
        return start(endpoint, backoff, overrides, Optional.empty(), BroadcastPublisher.Settings.of("unused", 1));
    }

    private InvalidationPipeline start(RedisEndpoint endpoint, Backoff backoff, Map<String, Object> overrides,
                                       Optional<String> broadcastTopic, BroadcastPublisher.Settings broadcast) {
        return start(endpoint, backoff, overrides, broadcastTopic, broadcast, PipelineObserver.NONE);
    }

    private InvalidationPipeline start(RedisEndpoint endpoint, Backoff backoff, Map<String, Object> overrides,
                                       Optional<String> broadcastTopic, BroadcastPublisher.Settings broadcast,
                                       PipelineObserver observer) {
        RuleSetLoader.Loaded loaded = new RuleSetLoader().load(workDirectory);
        assertThat(loaded.problems()).filteredOn(RuleProblem::isError).isEmpty();
        LiveRules rules = new LiveRules(loaded.engine().orElseThrow(), BeforeImages.learning());
        applier = RedisApplier.connect(RedisConnection.standalone(endpoint), layout, CascadeLimits.DEFAULTS,
                PatternBudget.DEFAULTS, tagGenerations);
        PipelineSettings settings = new PipelineSettings(kafka.bootstrapServers(), group,
                Pattern.compile(Pattern.quote(changeTopic.substring(0, changeTopic.indexOf(".pg."))) + "\\.pg\\..*"),
                Optional.of(requestsTopic), deadLetterTopic, Duration.ofMillis(100), backoff, overrides);
        pipeline = InvalidationPipeline.create(settings, ChangeEventReader.builder().build(), rules, applier,
                broadcastTopic.map(topic -> BroadcastPublisher.toKafka(settings, topic, broadcast)), observer);
        Thread loop = new Thread(pipeline, "pipeline-" + group);
        loop.start();
        return pipeline;
    }

    private static Backoff fastBackoff() {
        return new Backoff(Duration.ofMillis(50), Duration.ofMillis(500));
    }

    private void produce(byte[] key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(changeTopic, 0, key, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("could not produce to " + changeTopic, e);
        }
    }

    /**
     * The golden create with customer {@code id} in its key and row, and an LSN and transaction id {@code id} past
     * the golden ones, so that each event's cause tells it apart.
     */
    private static GoldenRecords.Golden customerCreated(GoldenRecords.Golden create, int id) {
        String key = replaceRequired(new String(create.key(), StandardCharsets.UTF_8), "{\"id\":1}",
                "{\"id\":" + id + "}");
        String value = new String(create.value(), StandardCharsets.UTF_8);
        value = replaceRequired(value, "\"id\":1,", "\"id\":" + id + ",");
        value = replaceRequired(value, "\"txId\":" + GOLDEN_CREATE_TX_ID + ",",
                "\"txId\":" + (GOLDEN_CREATE_TX_ID + id) + ",");
        value = replaceRequired(value, "\"lsn\":" + GOLDEN_CREATE_LSN + ",",
                "\"lsn\":" + (GOLDEN_CREATE_LSN + id) + ",");
        return new GoldenRecords.Golden(create.topic(), key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }

    private static String replaceRequired(String text, String from, String to) {
        assertThat(text).as("the golden record").contains(from);
        return text.replace(from, to);
    }

    private void produce(GoldenRecords.Golden record) {
        produce(record.key(), record.value());
    }

    private void produceTo(String topic, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, 0, null, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("could not produce to " + topic, e);
        }
    }

    private long committed() throws Exception {
        return committed(changeTopic);
    }

    private long committed(String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        OffsetAndMetadata offset = offsets.get(new TopicPartition(topic, 0));
        return offset == null ? 0 : offset.offset();
    }

    private String memberId() throws Exception {
        ConsumerGroupDescription description =
                admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
        assertThat(description.members()).as("members of " + group).hasSize(1);
        return description.members().iterator().next().consumerId();
    }

    private static long endOffset(String topic) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get().offset();
    }

    /** The broadcast topic of this test's change topic, created with one partition. */
    private String createBroadcastTopic() throws Exception {
        String broadcastTopic = changeTopic.substring(0, changeTopic.indexOf(".pg.")) + ".broadcast";
        try (KafkaTopics topics = KafkaTopics.connect(kafka.bootstrapServers())) {
            topics.create(broadcastTopic, 1);
        }
        return broadcastTopic;
    }

    private static ConsumerRecord<byte[], byte[]> readOne(String topic) {
        return readAll(topic, 1).get(0);
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> read = readUntil(topic, records -> records.size() >= expected);
        assertThat(read).as("records in " + topic).hasSize(expected);
        return read;
    }

    /**
     * The broadcasts on the topic, decoded, once they announce {@code causes} changes and requests in all. The
     * publisher merges a batch's announcements, so the number of broadcasts depends on how the records fell into
     * poll batches; their causes one by one do not.
     */
    private static List<InvalidationBroadcast> readBroadcasts(String topic, int causes) {
        InvalidationBroadcastCodec codec = new InvalidationBroadcastCodec();
        List<InvalidationBroadcast> broadcasts =
                decode(codec, readUntil(topic, records -> causes(decode(codec, records)).size() >= causes));
        assertThat(causes(broadcasts)).as("causes announced on " + topic).hasSize(causes);
        return broadcasts;
    }

    private static List<InvalidationBroadcast> decode(InvalidationBroadcastCodec codec,
                                                      List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(record -> codec.decode(record.value()).decoded().orElseThrow()).toList();
    }

    /** The causes of the broadcasts one by one, in order. */
    private static List<BroadcastCause> causes(List<InvalidationBroadcast> broadcasts) {
        return broadcasts.stream().flatMap(broadcast -> broadcast.causes().stream()).toList();
    }

    /** The topic's records from the beginning, once {@code complete} holds for them, and any that follow shortly. */
    private static List<ConsumerRecord<byte[], byte[]>> readUntil(
            String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> complete) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                return complete.test(read);
            });
            consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            return read;
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header " + name + " among " + record.headers()).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Jedis connect(RedisEndpoint endpoint) {
        return new Jedis(new HostAndPort(endpoint.host(), endpoint.port()),
                DefaultJedisClientConfig.builder().serverDefaultProtocol().build());
    }
}
