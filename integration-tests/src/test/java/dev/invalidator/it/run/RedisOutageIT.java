package dev.invalidator.it.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.invalidator.service.pipeline.ChildRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
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
 * Guarantee 3, outages are waited out: the service's Redis goes away for 10 s while change events keep arriving;
 * when it is back (with its data, as after a restart) every invalidation is applied and nothing was committed past
 * what Redis had applied.
 */
class RedisOutageIT {

    private static final int EVENTS = 150;
    private static final Duration OUTAGE = Duration.ofSeconds(10);

    @RegisterExtension
    static final TestKafka kafka = new TestKafka();

    @RegisterExtension
    final ServiceProcesses processes = new ServiceProcesses();

    @TempDir
    Path work;

    private final ChangeEvents events = ChangeEvents.load();
    private TestNames names;
    private ChildRedis redis;

    @BeforeEach
    void start() throws Exception {
        names = TestNames.random();
        kafka.createTopics(names, 1);
        Files.createDirectories(work.resolve("redis"));
        RuleFiles.write(work, RuleFiles.customerKeys(names));
        redis = new ChildRedis(work.resolve("redis"));
        redis.start();
    }

    @AfterEach
    void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void run_redisDownForTenSecondsMidStream_appliesEveryInvalidationOnceItIsBack() throws Exception {
        List<String> keys = IntStream.rangeClosed(1, EVENTS).mapToObj(id -> names.prefix() + "customer:" + id)
                .toList();
        try (Jedis jedis = redis.connect()) {
            keys.forEach(key -> jedis.set(key, "cached " + key));
        }
        int httpPort = freePort();
        Path config = ServiceConfigFile.forTest(names, kafka.bootstrapServers(), redis.port(), work.resolve("rules"),
                        "publisher-outage")
                .set("http.port", Integer.toString(httpPort))
                .writeTo(work.resolve("service.yaml"));
        ServiceProcess service = processes.run("service", config);
        kafka.awaitConsuming(names.group(), names.changeTopic(), 1, service);
        Readiness readiness = new Readiness(httpPort);
        await("ready before the outage").atMost(Duration.ofSeconds(30)).until(() -> readiness.status() == 200);

        AtomicInteger produced = new AtomicInteger();
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            for (int id = 1; id <= EVENTS; id++) {
                kafka.send(names.changeTopic(), events.create(id));
                produced.incrementAndGet();
                sleep(Duration.ofMillis(60));
            }
        });
        await("a third of the events produced").atMost(Duration.ofSeconds(60))
                .until(() -> produced.get() >= EVENTS / 3);
        redis.shutdownSaving();
        int producedBeforeOutage = produced.get();
        long outageEnds = System.nanoTime() + OUTAGE.toNanos();
        await("not ready while Redis is down").atMost(OUTAGE).until(() -> readiness.status() == 503);
        sleep(Duration.ofNanos(Math.max(0, outageEnds - System.nanoTime())));
        long committedDuringOutage = kafka.committed(names.group(), names.changeTopic());
        int producedDuringOutage = produced.get() - producedBeforeOutage;
        service.requireAlive();
        redis.start();

        producer.get(120, TimeUnit.SECONDS);
        await("every event committed").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            service.requireAlive();
            assertThat(kafka.committed(names.group(), names.changeTopic())).isEqualTo(EVENTS);
        });
        assertThat(producedDuringOutage).as("events produced while Redis was down").isPositive();
        assertThat(committedDuringOutage).as("committed while Redis was down")
                .isLessThanOrEqualTo(producedBeforeOutage);
        try (Jedis jedis = redis.connect()) {
            for (String key : keys) {
                assertThat(jedis.exists(key)).as(key + " removed").isFalse();
            }
        }
        assertThat(kafka.endOffsets(names.deadLetterTopic()).get(0)).as("dead letters").isZero();
        await("ready again").atMost(Duration.ofSeconds(30)).until(() -> readiness.status() == 200);
        service.requireAlive();
    }

    /** GET /health/ready of the service's HTTP endpoints. */
    private record Readiness(int port) {

        private static final HttpClient HTTP = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2)).build();

        int status() {
            return statusIfServed().orElseThrow(() -> new AssertionError("the admin HTTP server on port " + port
                    + " went away"));
        }

        private OptionalInt statusIfServed() {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            try {
                return OptionalInt.of(HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
            } catch (ConnectException e) {
                return OptionalInt.empty();
            } catch (IOException e) {
                throw new UncheckedIOException("GET " + request.uri() + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
