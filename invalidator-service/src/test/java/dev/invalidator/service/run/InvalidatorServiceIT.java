package dev.invalidator.service.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.invalidator.schemas.broadcast.BroadcastCause;
import dev.invalidator.schemas.broadcast.InvalidationBroadcast;
import dev.invalidator.schemas.broadcast.InvalidationBroadcastCodec;
import dev.invalidator.schemas.change.Operation;
import dev.invalidator.schemas.request.InvalidationRequest;
import dev.invalidator.service.config.ServiceConfig;
import dev.invalidator.service.embedded.kafka.EmbeddedKafka;
import dev.invalidator.service.embedded.kafka.KafkaTopics;
import dev.invalidator.service.request.RequestSubmitter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
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

/** The assembled service, in process, against a real Kafka broker (started here) and the Redis at 127.0.0.1:6379. */
class InvalidatorServiceIT {

    private static final Path GOLDEN = Path.of("..", "event-schemas", "src", "test", "resources", "golden", "postgres",
            "pg-default-identity-schemas-off.jsonl");

    private static EmbeddedKafka kafka;
    private static KafkaProducer<byte[], byte[]> producer;

    @TempDir
    Path directory;

    private String run;
    private Path rules;
    private Jedis redis;
    private InvalidatorService service;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.builder().start();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopKafka() {
        if (producer != null) {
            producer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void prepare() throws IOException {
        run = "svc-" + UUID.randomUUID().toString().substring(0, 8);
        rules = Files.createDirectories(directory.resolve("rules"));
        writeRule("customers.yaml", "inv.customers", "customer");
        redis = new Jedis(new HostAndPort("127.0.0.1", 6379), DefaultJedisClientConfig.builder()
                .serverDefaultProtocol().build());
    }

    @AfterEach
    void closeAll() {
        if (service != null) {
            service.close();
        }
        for (String pattern : List.of(run + ":*", run + "-inv:*")) {
            Set<String> keys = redis.keys(pattern);
            if (!keys.isEmpty()) {
                redis.del(keys.toArray(String[]::new));
            }
        }
        redis.close();
    }

    @Test
    void start_rulesTables_readsTheirTopicsAppliesAndBroadcastsInANewEpochEachRun() throws Exception {
        String customer = run + ":customer:1";
        redis.set(customer, "Ada");
        createTopic(run + ".pg.inv.customers");
        service = InvalidatorService.start(config(Map.of()));

        produceGolden(run + ".pg.inv.customers");

        await().atMost(Duration.ofSeconds(30)).until(() -> !redis.exists(customer));
        await().atMost(Duration.ofSeconds(10)).until(service::ready);
        List<InvalidationBroadcast> changes = awaitBroadcasts(3, false);
        long firstEpoch = changes.get(0).position().epoch();
        assertThat(changes).extracting(b -> b.position().epoch()).containsOnly(firstEpoch);
        assertThat(changes).flatExtracting(InvalidationBroadcast::causes)
                .extracting(cause -> ((BroadcastCause.Change) cause).op())
                .containsExactly(Operation.CREATE, Operation.UPDATE, Operation.DELETE);
        assertThat(changes).allSatisfy(b -> assertThat(b.keys()).containsExactly(customer));
        service.close();

        service = InvalidatorService.start(config(Map.of()));

        await().atMost(Duration.ofSeconds(30)).until(() -> awaitBroadcasts(1, true).stream()
                .anyMatch(b -> b.position().epoch() > firstEpoch && b.cause().equals(new BroadcastCause.Heartbeat())));
    }

    @Test
    void reloadRules_newTable_readsItsTopicFromThenOn() throws Exception {
        String customer = run + ":customer:1";
        redis.set(customer, "Ada");
        Files.delete(rules.resolve("customers.yaml"));
        writeRule("orders.yaml", "inv.orders", "order");
        String customers = run + ".pg.inv.customers";
        createTopic(customers);
        service = InvalidatorService.start(config(Map.of()));
        produceGolden(customers);
        Thread.sleep(2_000);
        assertThat(redis.exists(customer)).as("before the reload: no rule reads " + customers).isTrue();

        writeRule("customers.yaml", "inv.customers", "customer");
        assertThat(service.reloadRules().applied()).isTrue();

        await().atMost(Duration.ofSeconds(30)).until(() -> !redis.exists(customer));
    }

    @Test
    void submit_requestOnTheRequestsTopic_isAppliedAndBroadcastWithItsId() throws Exception {
        String product = run + ":product:[7]";
        String lookAlike = run + ":product:7";
        redis.set(product, "glob characters");
        redis.set(lookAlike, "kept");
        service = InvalidatorService.start(config(Map.of()));

        try (RequestSubmitter submitter = RequestSubmitter.create(kafka.bootstrapServers(), Map.of(),
                run + ".requests", Duration.ofSeconds(10))) {
            submitter.submit(new InvalidationRequest("r-1", "billing", List.of(product), List.of(), List.of(), false,
                    false, null));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> !redis.exists(product));
        assertThat(redis.get(lookAlike)).isEqualTo("kept");
        assertThat(awaitBroadcasts(1, false).get(0).cause()).isEqualTo(new BroadcastCause.Request("r-1", "billing"));
    }

    @Test
    void http_invalidationsWithTheToken_dryRunRemovesNothingAndARequestIsApplied() throws Exception {
        String session = run + ":session:1";
        redis.set(session, "a session");
        service = InvalidatorService.start(config(Map.of()));
        HttpClient http = HttpClient.newHttpClient();
        String dryRun = "{\"id\":\"d-1\",\"source\":\"ops\",\"patterns\":[\"" + run + ":session:*\"],"
                + "\"dryRun\":true}";
        String request = "{\"id\":\"r-2\",\"source\":\"ops\",\"patterns\":[\"" + run + ":session:*\"]}";

        await().atMost(Duration.ofSeconds(10)).until(() -> http.send(get("/health/ready"),
                HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        HttpResponse<String> refused = http.send(post("/invalidations", request, null),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> previewed = http.send(post("/invalidations", dryRun, "s3cret"),
                HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
        assertThat(previewed.statusCode()).as(previewed.body()).isEqualTo(200);
        JsonNode preview = new ObjectMapper().readTree(previewed.body());
        assertThat(preview.at("/patterns/0/count").asLong()).isEqualTo(1);
        assertThat(preview.at("/patterns/0/sample/0").asText()).isEqualTo(session);
        assertThat(redis.exists(session)).as("after the dry run").isTrue();

        HttpResponse<String> accepted = http.send(post("/invalidations", request, "s3cret"),
                HttpResponse.BodyHandlers.ofString());

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> !redis.exists(session));
        HttpResponse<String> metrics = http.send(get("/metrics"), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("invalidator_requests_total");
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path)).GET().build();
    }

    private HttpRequest post(String path, String body, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort()
                + path)).POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.build();
    }

    private ServiceConfig config(Map<String, String> environment) {
        String yaml = """
                rules:
                  directory: %s
                kafka:
                  bootstrap.servers: %s
                  group.id: %s
                  requests.topic: %s.requests
                  dead-letter.topic: %s.dead-letters
                  broadcast.topic: %s.broadcast
                broadcast:
                  publisher-id: %s
                  heartbeat-interval: 300ms
                redis:
                  namespace: "%s-inv:"
                http:
                  port: 0
                  admin-token: s3cret
                retry:
                  initial-backoff: 50ms
                  max-backoff: 500ms
                """.formatted(rules, kafka.bootstrapServers(), run, run, run, run, run, run);
        return ServiceConfig.parse("it.yaml", yaml, environment);
    }

    private void writeRule(String file, String table, String keyName) throws IOException {
        Files.writeString(rules.resolve(file), """
                version: 1
                rules:
                  - name: %s
                    table: %s
                    invalidate:
                      keys: ["%s:%s:{id}"]
                """.formatted(keyName, table, run, keyName));
    }

    private void produceGolden(String topic) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        for (String line : Files.readAllLines(GOLDEN, StandardCharsets.UTF_8)) {
            JsonNode node = mapper.readTree(line);
            producer.send(new ProducerRecord<>(topic, bytes(node.get("key")), bytes(node.get("value")))).get();
        }
    }

    private static byte[] bytes(JsonNode text) {
        return text == null || text.isNull() ? null : text.asText().getBytes(StandardCharsets.UTF_8);
    }

    private static void createTopic(String topic) {
        try (KafkaTopics topics = KafkaTopics.connect(kafka.bootstrapServers())) {
            topics.create(topic, 1);
        }
    }

    /**
     * The broadcasts on this run's topic, heartbeats only when asked for, once they announce at least {@code causes}
     * causes: the service merges a batch's changes into one broadcast, so how many broadcasts some changes make
     * depends on how they fell into batches.
     */
    private List<InvalidationBroadcast> awaitBroadcasts(int causes, boolean heartbeats) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        InvalidationBroadcastCodec codec = new InvalidationBroadcastCodec();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(run + ".broadcast", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<InvalidationBroadcast> read = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    InvalidationBroadcast broadcast = codec.decode(r.value()).decoded().orElseThrow();
                    if (heartbeats || !(broadcast.cause() instanceof BroadcastCause.Heartbeat)) {
                        read.add(broadcast);
                    }
                });
                return read.stream().mapToInt(broadcast -> broadcast.causes().size()).sum() >= causes;
            });
            return read;
        }
    }
}
