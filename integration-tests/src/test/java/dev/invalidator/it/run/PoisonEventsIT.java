package dev.invalidator.it.run;

import static dev.invalidator.it.run.TestKafka.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.invalidator.service.pipeline.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Guarantee 2, poison never blocks: records that do not read, and events whose rules fail, go to the dead-letter topic
 * unchanged with the reason and where they came from, and the events after them on the same partition are applied.
 */
class PoisonEventsIT {

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
    private String p;

    @BeforeEach
    void start() throws Exception {
        names = TestNames.random();
        p = names.prefix();
        redis = redisServer.connect();
        kafka.createTopics(names, 1);
        // The second rule's condition divides by the id: it fails at run time for customer 0, and only for it.
        RuleFiles.write(work, """
                version: 1
                rules:
                  - name: customer
                    table: pg.inv.customers
                    invalidate:
                      keys: ["%1$scustomer:{id}"]
                  - name: customer-share
                    table: pg.inv.customers
                    on: create
                    when: "100 / after.id > 0"
                    invalidate:
                      keys: ["%1$sshare:{id}"]
                """.formatted(p));
    }

    @AfterEach
    void removeKeys() {
        if (redis != null) {
            RedisKeys.deleteStartingWith(redis, List.of(p, names.namespace()));
            redis.close();
        }
    }

    @Test
    void run_poisonRecords_areDeadLetteredWithHeadersAndLaterEventsOnThePartitionApplied() {
        for (String key : List.of("customer:0", "customer:1", "customer:2", "customer:3", "customer:4",
                "share:3", "manual:1")) {
            redis.set(p + key, "cached");
        }
        ServiceProcess service = processes.run("service", ServiceConfigFile.forTest(names, kafka.bootstrapServers(),
                redisServer, work.resolve("rules"), "publisher-poison").writeTo(work.resolve("service.yaml")));
        kafka.awaitConsuming(names.group(), names.changeTopic(), 1, service);

        byte[] unreadable = "{\"before\": null, \"after\": {\"id\": 1".getBytes(StandardCharsets.UTF_8);
        ChangeEvents.Event brokenOp = events.create(1).rewrite("\"op\":\"c\"", "\"op\":\"x\"");
        ChangeEvents.Event ruleFails = events.create(0);
        kafka.send(names.changeTopic(), "{\"id\":1}".getBytes(StandardCharsets.UTF_8), unreadable); // offset 0
        kafka.send(names.changeTopic(), brokenOp);                                                     // offset 1
        kafka.send(names.changeTopic(), ruleFails);                                                    // offset 2
        kafka.send(names.changeTopic(), events.create(2));
        kafka.send(names.changeTopic(), events.create(3));
        kafka.send(names.changeTopic(), events.delete(4));
        kafka.send(names.changeTopic(), events.tombstone(4));
        byte[] invalidRequest = "{\"id\":\"r0\",\"source\":\"billing\"}".getBytes(StandardCharsets.UTF_8);
        kafka.send(names.requestsTopic(), null, invalidRequest);
        kafka.send(names.requestsTopic(), null, ("{\"id\":\"r1\",\"source\":\"billing\",\"keys\":[\"" + p
                + "manual:1\"]}").getBytes(StandardCharsets.UTF_8));

        await("every record committed").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            service.requireAlive();
            assertThat(kafka.committed(names.group(), names.changeTopic())).isEqualTo(7);
            assertThat(kafka.committed(names.group(), names.requestsTopic())).isEqualTo(2);
        });
        for (String key : List.of("customer:0", "customer:2", "customer:3", "customer:4", "share:3", "manual:1")) {
            assertThat(redis.exists(p + key)).as(p + key + " removed").isFalse();
        }
        assertThat(redis.get(p + "customer:1")).as("the key of the unreadable records' customer").isEqualTo("cached");

        Map<String, ConsumerRecord<byte[], byte[]>> letters = kafka.readAll(names.deadLetterTopic(), 4).stream()
                .collect(Collectors.toMap(letter -> header(letter, DeadLetter.TOPIC_HEADER) + "@"
                        + header(letter, DeadLetter.OFFSET_HEADER), Function.identity()));
        String change = names.changeTopic();
        assertThat(letters).containsOnlyKeys(change + "@0", change + "@1", change + "@2",
                names.requestsTopic() + "@0");
        assertLetter(letters.get(change + "@0"), unreadable, "unreadable: topic " + change + " partition 0 offset 0: ");
        assertLetter(letters.get(change + "@1"), brokenOp.valueBytes(),
                "unreadable: topic " + change + " partition 0 offset 1: ");
        assertThat(header(letters.get(change + "@1"), DeadLetter.REASON_HEADER)).contains("op");
        assertLetter(letters.get(change + "@2"), ruleFails.valueBytes(),
                "rules failed at topic " + change + " partition 0 offset 2: rule customer-share: ");
        assertThat(letters.get(change + "@2").key()).isEqualTo(ruleFails.keyBytes());
        assertLetter(letters.get(names.requestsTopic() + "@0"), invalidRequest,
                "invalid request at topic " + names.requestsTopic() + " partition 0 offset 0: ");
        service.requireAlive();
    }

    private static void assertLetter(ConsumerRecord<byte[], byte[]> letter, byte[] original, String reasonStart) {
        assertThat(letter.value()).as("dead letter's value, unchanged").isEqualTo(original);
        assertThat(header(letter, DeadLetter.PARTITION_HEADER)).isEqualTo("0");
        assertThat(header(letter, DeadLetter.REASON_HEADER)).startsWith(reasonStart);
    }
}
