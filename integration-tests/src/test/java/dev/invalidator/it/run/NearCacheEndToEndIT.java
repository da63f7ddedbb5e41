package dev.invalidator.it.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.invalidator.client.broadcast.BroadcastFollower;
import dev.invalidator.client.broadcast.BroadcastSubscriber;
import dev.invalidator.client.broadcast.Freshness;
import dev.invalidator.client.broadcast.MissReason;
import dev.invalidator.client.nearcache.NearCache;
import dev.invalidator.client.redis.RedisCache;
import dev.invalidator.client.redis.ValueCodec;
import dev.invalidator.schemas.broadcast.InvalidationBroadcast;
import dev.invalidator.schemas.redis.RedisKeyLayout;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

/**
 * The whole loop with the client library: a change event on Kafka, the running service removing the Redis value,
 * its broadcast evicting the near-cache entry of an application node; and a node stopped while invalidations flow
 * serving nothing stale once it goes on.
 */
class NearCacheEndToEndIT {

    private static final int LATENCY_EVENTS = 200;

    @RegisterExtension
    static final TestKafka kafka = new TestKafka();

    @RegisterExtension
    static final TestRedis redisServer = new TestRedis();

    @RegisterExtension
    final ServiceProcesses processes = new ServiceProcesses();

    @TempDir
    Path work;

    private final ChangeEvents events = ChangeEvents.load();
    private TestNames names;
    private RedisKeyLayout layout;
    private Jedis redis;

    @BeforeEach
    void startService() throws Exception {
        names = TestNames.random();
        layout = new RedisKeyLayout(names.namespace());
        redis = redisServer.connect();
        kafka.createTopics(names, 1);
        RuleFiles.write(work, RuleFiles.customerKeys(names));
        Path config = ServiceConfigFile.forTest(names, kafka.bootstrapServers(), redisServer,
                work.resolve("rules"), "publisher-" + names.run()).writeTo(work.resolve("service.yaml"));
        ServiceProcess service = processes.run("service", config);
        kafka.awaitConsuming(names.group(), names.changeTopic(), 1, service);
    }

    @AfterEach
    void removeKeys() {
        RedisKeys.deleteStartingWith(redis, List.of(names.prefix(), names.namespace(), "db:" + names.prefix()));
        redis.close();
    }

    @Test
    void changeEvent_removesTheRedisValueAndEvictsTheNearCacheEntry() throws Exception {
        Map<String, String> database = new ConcurrentHashMap<>();
        Map<String, Long> evictedAt = new ConcurrentHashMap<>();
        try (RedisClient client = redisServer.client()) {
            RedisCache<String> shared = RedisCache.builder().redis(client).layout(layout).build(ValueCodec.utf8());
            NearCache<String> near = NearCache.<String>builder().maximumSize(10_000).build();
            try (BroadcastFollower follower = BroadcastFollower.kafka(kafka.bootstrapServers(), names.broadcastTopic())
                    .maxStaleness(Duration.ofSeconds(2)).start(new Timed(near, evictedAt))) {
                await("the node in sync").atMost(Duration.ofSeconds(30)).until(follower::inSync);
                String key = names.prefix() + "customer:1";
                database.put(key, "Ada");

                assertThat(near.get(key, k -> shared.getOrLoad(k, database::get, Duration.ofMinutes(5))))
                        .isEqualTo("Ada");
                assertThat(redis.get(key)).as("filled through the near-cache").isEqualTo("Ada");
                database.put(key, "Ada Lovelace");
                kafka.send(names.changeTopic(), events.update(1));

                await("Redis value and near-cache entry gone").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(redis.exists(key)).as("Redis").isFalse();
                    assertThat(near.getIfPresent(key)).as("near-cache").isNull();
                });
                assertThat(near.get(key, k -> shared.getOrLoad(k, database::get, Duration.ofMinutes(5))))
                        .isEqualTo("Ada Lovelace");

                printLatencies(near, evictedAt);
            }
        }
    }

    /** Change event produced → near-cache entry evicted, for events one after another: printed, not asserted. */
    private void printLatencies(NearCache<String> near, Map<String, Long> evictedAt) {
        List<Long> latencies = new ArrayList<>();
        for (int id = 2; id < 2 + LATENCY_EVENTS; id++) {
            String key = names.prefix() + "customer:" + id;
            near.put(key, "cached");
            long produced = System.nanoTime();
            kafka.send(names.changeTopic(), events.update(id));
            await().atMost(Duration.ofSeconds(10)).until(() -> evictedAt.containsKey(key));
            latencies.add(evictedAt.get(key) - produced);
        }
        Collections.sort(latencies);
        System.out.printf("change event produced -> near-cache eviction, %d events one at a time: p50 %.1f ms, "
                        + "p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", latencies.size(), millis(latencies, 0.50),
                millis(latencies, 0.90), millis(latencies, 0.99), latencies.get(latencies.size() - 1) / 1e6);
    }

    private static double millis(List<Long> sorted, double quantile) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1)) / 1e6;
    }

    @Test
    void pausedNode_invalidationsWhileStopped_servesNothingStaleOnceResumed() throws Exception {
        String key = names.prefix() + "customer:1";
        redis.set("db:" + key, "Ada");
        Process node = startNode(Duration.ofSeconds(1));
        try (PrintWriter commands = new PrintWriter(new OutputStreamWriter(node.getOutputStream(),
                StandardCharsets.UTF_8), true);
             BufferedReader answers = new BufferedReader(new InputStreamReader(node.getInputStream(),
                     StandardCharsets.UTF_8))) {
            assertThat(answers.readLine()).isEqualTo("ready");
            commands.println("get " + key);
            assertThat(answers.readLine()).isEqualTo("value " + key + " Ada");

            signal(node, "STOP");
            redis.set("db:" + key, "Ada Lovelace");
            kafka.send(names.changeTopic(), events.update(1));
            await("the service committed the change").atMost(Duration.ofSeconds(30))
                    .until(() -> kafka.committed(names.group(), names.changeTopic()) == 1);
            Thread.sleep(1_500); // past the node's staleness bound
            signal(node, "CONT");
            commands.println("get " + key);

            assertThat(answers.readLine()).as("the first read after the node went on")
                    .isEqualTo("value " + key + " Ada Lovelace");
        } finally {
            node.destroyForcibly();
            node.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process startNode(Duration maxStaleness) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), NearCacheNodeMain.class.getName(),
                kafka.bootstrapServers(), names.broadcastTopic(), redisServer.host(),
                Integer.toString(redisServer.port()),
                Long.toString(maxStaleness.toMillis()));
        return new ProcessBuilder(command).redirectError(work.resolve("node.log").toFile()).start();
    }

    private static void signal(Process process, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -" + signal).isZero();
    }

    /** The near-cache, with the moment each broadcast key was applied to it. */
    private record Timed(NearCache<String> near, Map<String, Long> evictedAt) implements BroadcastSubscriber {

        @Override
        public void onBroadcast(InvalidationBroadcast broadcast) {
            near.onBroadcast(broadcast);
            long now = System.nanoTime();
            broadcast.keys().forEach(key -> evictedAt.put(key, now));
        }

        @Override
        public void onMissed(MissReason reason, String detail) {
            near.onMissed(reason, detail);
        }

        @Override
        public void followedBy(Freshness freshness) {
            near.followedBy(freshness);
        }
    }
}
