package dev.invalidator.it.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.invalidator.schemas.broadcast.InvalidationBroadcast;
import dev.invalidator.schemas.redis.RedisKeyLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Guarantee 1, no lost invalidation: a service killed after Redis applied a batch but before its offsets were
 * committed leaves the offsets where they were, and the next service replays the batch.
 */
class CrashReplayIT {

    private static final int EVENTS = 30;

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
    void start() throws Exception {
        names = TestNames.random();
        layout = new RedisKeyLayout(names.namespace());
        redis = redisServer.connect();
        kafka.createTopics(names, 1);
        RuleFiles.write(work, RuleFiles.customerKeys(names));
    }

    @AfterEach
    void removeKeys() {
        if (redis != null) {
            RedisKeys.deleteStartingWith(redis, List.of(names.prefix(), names.namespace()));
            redis.close();
        }
    }

    @Test
    void run_killedAfterApplyBeforeCommit_nextServiceReplaysTheBatch() throws Exception {
        List<String> keys = IntStream.rangeClosed(1, EVENTS).mapToObj(id -> names.prefix() + "customer:" + id)
                .toList();
        keys.forEach(this::cacheWithLease);
        for (int id = 1; id <= EVENTS; id++) {
            kafka.send(names.changeTopic(), events.create(id));
        }
        Path config = ServiceConfigFile.forTest(names, kafka.bootstrapServers(), redisServer,
                work.resolve("rules"), "crashing-publisher").writeTo(work.resolve("service.yaml"));
        Path marker = work.resolve("applied-not-committed");

        ServiceProcess crashing = processes.start("stop-before-commit", StopBeforeCommitMain.class.getName(),
                List.of(config.toString(), marker.toString()), work.resolve("stop-before-commit.log"));
        await("the first batch applied").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            crashing.requireAlive();
            assertThat(marker).exists();
        });
        int applied = appliedEvents(marker);
        List<String> appliedKeys = keys.subList(0, applied);
        for (String key : appliedKeys) {
            assertThat(redis.exists(key)).as(key + " removed before the commit").isFalse();
            assertThat(redis.exists(layout.leaseKey(key))).as("lease of " + key).isFalse();
        }
        assertThat(kafka.committed(names.group(), names.changeTopic())).as("committed before the kill").isZero();

        crashing.kill();
        assertThat(kafka.committed(names.group(), names.changeTopic())).as("committed after the kill").isZero();
        // Readers re-cached the keys meanwhile: only a replay of the batch removes them again.
        keys.forEach(this::cacheWithLease);

        ServiceProcess service = processes.run("service", config);
        await("every event committed").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            service.requireAlive();
            assertThat(kafka.committed(names.group(), names.changeTopic())).isEqualTo(EVENTS);
        });
        for (String key : keys) {
            assertThat(redis.exists(key)).as(key + " removed by the replay").isFalse();
            assertThat(redis.exists(layout.leaseKey(key))).as("lease of " + key).isFalse();
        }
        // The killed run broadcast its batch before it died; the next run broadcasts it again, in a later epoch.
        List<InvalidationBroadcast> broadcasts = BroadcastsRead.read(kafka, names.broadcastTopic(), applied + EVENTS)
                .broadcasts();
        long firstEpoch = broadcasts.get(0).position().epoch();
        List<InvalidationBroadcast> killedRun = broadcasts.stream()
                .filter(broadcast -> broadcast.position().epoch() == firstEpoch).toList();
        List<InvalidationBroadcast> nextRun = broadcasts.subList(killedRun.size(), broadcasts.size());
        assertThat(killedRun).flatExtracting(InvalidationBroadcast::keys).as("keys the killed run announced")
                .containsExactlyElementsOf(appliedKeys);
        assertThat(nextRun).extracting(broadcast -> broadcast.position().epoch())
                .as("epochs of the run after the crash")
                .allSatisfy(epoch -> assertThat(epoch).isGreaterThan(firstEpoch));
        assertThat(nextRun).extracting(broadcast -> broadcast.position().sequence())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, nextRun.size()).boxed().toList());
        assertThat(nextRun).flatExtracting(InvalidationBroadcast::keys).as("keys the next run announced")
                .containsExactlyElementsOf(keys);
        service.requireAlive();
    }

    /** The events of the batch the crashing service applied: its next offset on the change topic's partition. */
    private int appliedEvents(Path marker) throws Exception {
        List<String> lines = Files.readAllLines(marker);
        assertThat(lines).as("partitions in the applied batch").hasSize(1);
        String[] parts = lines.get(0).split(" ");
        assertThat(parts[0]).isEqualTo(names.changeTopic());
        int next = Integer.parseInt(parts[2]);
        assertThat(next).isBetween(1, EVENTS);
        return next;
    }

    private void cacheWithLease(String key) {
        redis.set(key, "cached " + key);
        redis.set(layout.leaseKey(key), "token of a filling reader");
    }
}
