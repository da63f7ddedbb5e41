package dev.invalidator.it.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.invalidator.schemas.broadcast.BroadcastCause;
import dev.invalidator.schemas.broadcast.BroadcastPosition;
import dev.invalidator.schemas.broadcast.InvalidationBroadcast;
import dev.invalidator.schemas.change.Operation;
import dev.invalidator.schemas.redis.RedisKeyLayout;
import dev.invalidator.schemas.request.InvalidationRequest;
import dev.invalidator.schemas.request.InvalidationRequestCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * {@code invalidator run} in a process of its own, fed golden Debezium events through a real Kafka broker, applying
 * every kind of target to the local Redis through the shared key layout (event-schemas/REDIS-LAYOUT.md), and telling
 * near-caches on the broadcast topic.
 */
class ServiceTargetsIT {

    private static final int EVENTS = 20;

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
    private String p;

    @BeforeEach
    void start() throws Exception {
        names = TestNames.random();
        p = names.prefix();
        layout = new RedisKeyLayout(names.namespace());
        redis = redisServer.connect();
        kafka.createTopics(names, 1);
        RuleFiles.write(work, """
                version: 1
                rules:
                  - name: customer
                    table: pg.inv.customers
                    on: [create, update]
                    invalidate:
                      keys: ["%1$scustomer:{id}"]
                      patterns: ["%1$ssearch:{after.name}:*"]
                      tags: ["%1$scustomers"]
                  - name: customer-profile
                    table: pg.inv.customers
                    invalidate:
                      keys: ["%1$sprofile:{id}"]
                      cascade: true
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
    void run_everyTargetKind_removesExactlyItsKeysWithTheirLeases() {
        // Keys, each with a lease marker of a reader filling it.
        List<String> customers = IntStream.rangeClosed(1, EVENTS).mapToObj(id -> p + "customer:" + id).toList();
        customers.forEach(this::cacheWithLease);
        cacheWithLease(p + "customer:999");
        // A pattern whose substituted value holds glob characters: only keys with that literal value go.
        String name = "a*b?[c]";
        cacheWithLease(p + "search:a*b?[c]:page:1");
        cache(p + "search:a*b?[c]:page:2");
        List<String> lookAlikes = List.of(p + "search:aXXbYc:page:1", p + "search:a*b?c:page:1",
                p + "search:ab[c]:page:1");
        lookAlikes.forEach(this::cache);
        // A tag: its members and the tag set go; another tag stays.
        for (String member : List.of(p + "list:page:1", p + "list:page:2")) {
            redis.sadd(layout.tagSetKey(p + "customers"), member);
            cacheWithLease(member);
        }
        redis.sadd(layout.tagSetKey(p + "others"), p + "other-list");
        cache(p + "other-list");
        // A cascade through a cycle: profile:1 -> card:1 -> {profile:1, badge:1}, registered as clients do.
        String profile = p + "profile:1";
        String card = p + "card:1";
        String badge = p + "badge:1";
        List.of(profile, card, badge).forEach(this::cacheWithLease);
        redis.sadd(layout.dependentsKey(profile), card);
        redis.sadd(layout.dependentsKey(card), profile, badge);

        ServiceProcess service = processes.run("service", config("publisher-a"));
        kafka.awaitConsuming(names.group(), names.changeTopic(), 1, service);
        kafka.send(names.changeTopic(), events.create(1, name));
        for (int id = 2; id <= EVENTS; id++) {
            kafka.send(names.changeTopic(), events.update(id));
        }
        awaitCommitted(names.changeTopic(), EVENTS, service);

        for (String key : customers) {
            assertGoneWithLease(key);
        }
        assertKept(p + "customer:999");
        assertThat(redis.exists(layout.leaseKey(p + "customer:999"))).as("a lease of a key no event named").isTrue();
        assertGoneWithLease(p + "search:a*b?[c]:page:1");
        assertGone(p + "search:a*b?[c]:page:2");
        lookAlikes.forEach(this::assertKept);
        assertGoneWithLease(p + "list:page:1");
        assertGoneWithLease(p + "list:page:2");
        assertGone(layout.tagSetKey(p + "customers"));
        assertKept(p + "other-list");
        assertThat(redis.smembers(layout.tagSetKey(p + "others"))).containsExactly(p + "other-list");
        assertGoneWithLease(profile);
        assertGoneWithLease(card);
        assertGoneWithLease(badge);
        assertGone(layout.dependentsKey(profile));
        assertGone(layout.dependentsKey(card));
        assertThat(kafka.endOffsets(names.deadLetterTopic()).get(0)).as("dead letters").isZero();
        service.requireAlive();
    }

    @Test
    void run_changesThenARequest_announcesEveryChangeInOrderThenTheRequestWithItsCause() {
        String invoice = p + "invoice:1";
        cacheWithLease(invoice);
        // The request does not cascade: the dependents of its key stay.
        redis.sadd(layout.dependentsKey(invoice), p + "invoice:1:pdf");
        cache(p + "invoice:1:pdf");
        ServiceProcess service = processes.run("service", config("publisher-b"));
        kafka.awaitConsuming(names.group(), names.changeTopic(), 1, service);

        for (int id = 1; id <= EVENTS; id++) {
            kafka.send(names.changeTopic(), id % 2 == 0 ? events.update(id) : events.create(id));
        }
        awaitCommitted(names.changeTopic(), EVENTS, service);
        kafka.send(names.requestsTopic(), null, new InvalidationRequestCodec().encode(new InvalidationRequest(
                "req-1", "billing", List.of(invoice), List.of(), List.of(), false, false, "refund issued")));
        awaitCommitted(names.requestsTopic(), 1, service);

        assertGoneWithLease(invoice);
        assertKept(p + "invoice:1:pdf");
        assertThat(redis.smembers(layout.dependentsKey(invoice))).containsExactly(p + "invoice:1:pdf");
        // The changes go out merged as they fell into poll batches; the request, sent once they were committed, alone.
        List<InvalidationBroadcast> broadcasts = BroadcastsRead.read(kafka, names.broadcastTopic(), EVENTS + 1)
                .broadcasts();
        long epoch = broadcasts.get(0).position().epoch();
        assertThat(broadcasts).extracting(InvalidationBroadcast::position)
                .as("positions: one publisher, one epoch, no gap, in order")
                .containsExactlyElementsOf(IntStream.rangeClosed(1, broadcasts.size())
                        .mapToObj(sequence -> new BroadcastPosition("publisher-b", epoch, sequence)).toList());
        int announced = 0;
        for (InvalidationBroadcast broadcast : broadcasts.subList(0, broadcasts.size() - 1)) {
            // Each broadcast names exactly the targets of the changes it announces, the shared tag once.
            List<String> keys = new ArrayList<>();
            for (BroadcastCause cause : broadcast.causes()) {
                int id = ++announced;
                assertThat(cause).as("cause of change " + id).isInstanceOfSatisfying(
                        BroadcastCause.Change.class, change -> {
                            assertThat(change.table()).isEqualTo("pg.inv.customers");
                            assertThat(change.sourcePosition()).startsWith("lsn ");
                            assertThat(change.op()).isEqualTo(id % 2 == 0 ? Operation.UPDATE : Operation.CREATE);
                        });
                keys.add(p + "customer:" + id);
                keys.add(p + "profile:" + id);
            }
            assertThat(broadcast.keys()).as("keys of " + broadcast).containsExactlyInAnyOrderElementsOf(keys);
            assertThat(broadcast.tags()).containsExactly(p + "customers");
            assertThat(broadcast.clearAll()).isFalse();
        }
        assertThat(announced).as("changes announced before the request").isEqualTo(EVENTS);
        InvalidationBroadcast request = broadcasts.get(broadcasts.size() - 1);
        assertThat(request.cause()).isEqualTo(new BroadcastCause.Request("req-1", "billing"));
        assertThat(request.keys()).containsExactly(invoice);
        service.requireAlive();
    }

    private Path config(String publisherId) {
        return ServiceConfigFile.forTest(names, kafka.bootstrapServers(), redisServer,
                work.resolve("rules"), publisherId).writeTo(work.resolve("service.yaml"));
    }

    private void awaitCommitted(String topic, long offset, ServiceProcess service) {
        await("committed offset of " + topic).atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            service.requireAlive();
            assertThat(kafka.committed(names.group(), topic)).isEqualTo(offset);
        });
    }

    private void cache(String key) {
        redis.set(key, "cached " + key);
    }

    private void cacheWithLease(String key) {
        cache(key);
        redis.set(layout.leaseKey(key), "token of a filling reader");
    }

    private void assertGone(String key) {
        assertThat(redis.exists(key)).as(key + " removed").isFalse();
    }

    private void assertGoneWithLease(String key) {
        assertGone(key);
        assertThat(redis.exists(layout.leaseKey(key))).as("lease of " + key + " removed").isFalse();
    }

    private void assertKept(String key) {
        assertThat(redis.get(key)).as(key + " kept").isEqualTo("cached " + key);
    }
}
