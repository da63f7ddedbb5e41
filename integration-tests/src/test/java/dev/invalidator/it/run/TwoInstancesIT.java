package dev.invalidator.it.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Scale-out: two service processes share a 4-partition change topic in one consumer group. When one of them dies
 * (SIGKILL) or is stopped (SIGTERM) while events flow, the other takes over its partitions and every invalidation is
 * applied, the group's offsets committed to the end of every partition.
 */
class TwoInstancesIT {

    private static final int PARTITIONS = 4;
    private static final int EVENTS = 200;

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
    private Jedis redis;

    @BeforeEach
    void start() throws Exception {
        names = TestNames.random();
        redis = redisServer.connect();
        kafka.createTopics(names, PARTITIONS);
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
    void run_oneOfTwoInstancesKilledMidStream_theOtherAppliesEveryInvalidation() throws Exception {
        Instances instances = endOneMidStream(Ending.KILL);
        instances.survivor().requireAlive();
    }

    @Test
    void run_oneOfTwoInstancesStoppedMidStream_theOtherAppliesEveryInvalidation() throws Exception {
        Instances instances = endOneMidStream(Ending.STOP);
        // Stopped by SIGTERM, the instance finished its batch, committed and closed before it left the group.
        assertThat(instances.ended().log()).contains("pipeline stopped", "service stopped");
        assertThat(instances.endStatus()).as("exit status after SIGTERM, as for any JVM: 128 + 15").isEqualTo(143);
        instances.survivor().requireAlive();
    }

    private enum Ending { KILL, STOP }

    /** @param endStatus the ended instance's exit status */
    private record Instances(ServiceProcess ended, int endStatus, ServiceProcess survivor) {
    }

    /** Runs two instances, ends the first one mid-stream, and checks that nothing is lost. */
    private Instances endOneMidStream(Ending ending) throws Exception {
        List<String> keys = IntStream.rangeClosed(1, EVENTS).mapToObj(id -> names.prefix() + "customer:" + id)
                .toList();
        keys.forEach(key -> redis.set(key, "cached " + key));
        ServiceProcess first = processes.run("instance-a", config("instance-a"));
        ServiceProcess second = processes.run("instance-b", config("instance-b"));
        kafka.awaitConsuming(names.group(), names.changeTopic(), 2, first, second);

        AtomicInteger produced = new AtomicInteger();
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            for (int id = 1; id <= EVENTS; id++) {
                kafka.send(names.changeTopic(), events.create(id));
                produced.incrementAndGet();
                sleepMillis(20);
            }
        });
        await("a third of the events produced").atMost(Duration.ofSeconds(60))
                .until(() -> produced.get() >= EVENTS / 3);
        int endStatus;
        if (ending == Ending.KILL) {
            first.kill();
            endStatus = first.awaitExit(Duration.ZERO).orElseThrow();
        } else {
            endStatus = first.stop();
        }
        producer.get(120, TimeUnit.SECONDS);

        kafka.awaitConsuming(names.group(), names.changeTopic(), 1, second);
        await("every partition committed to its end").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            second.requireAlive();
            assertThat(kafka.committedByPartition(names.group(), names.changeTopic()))
                    .isEqualTo(kafka.endOffsets(names.changeTopic()));
        });
        assertThat(kafka.endOffsets(names.changeTopic()).values()).as("events on every partition")
                .allSatisfy(end -> assertThat(end).isPositive());
        for (String key : keys) {
            assertThat(redis.exists(key)).as(key + " removed").isFalse();
        }
        return new Instances(first, endStatus, second);
    }

    private Path config(String instance) {
        return ServiceConfigFile.forTest(names, kafka.bootstrapServers(), redisServer,
                        work.resolve("rules"), instance)
                .writeTo(work.resolve(instance + ".yaml"));
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
