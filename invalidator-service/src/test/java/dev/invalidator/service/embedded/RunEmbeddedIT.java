package dev.invalidator.service.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * {@code invalidator run --embedded} from the shaded jar, in a process of its own, with no Redis to be found where it
 * looks (the hidden {@code --local-redis} points at a closed port), so that it starts every part: Kafka, PostgreSQL,
 * Redis. A row change must reach Redis; SIGTERM must leave no process behind; a restart on the same data directory
 * must find its data again without a second snapshot.
 */
class RunEmbeddedIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Pattern HTTP_PORT = Pattern.compile("HTTP endpoints on port (\\d+)");
    private static final Pattern KAFKA = Pattern.compile("Kafka broker ready on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern POSTGRES = Pattern.compile("PostgreSQL started on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern REDIS = Pattern.compile("Redis started on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path directory;

    private Process running;

    @AfterEach
    void stopLeftovers() throws InterruptedException {
        if (running != null && running.isAlive()) {
            running.destroy();
            running.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void runEmbedded_nothingConfiguredNoLocalRedis_startsAllInvalidatesStopsCleanlyAndResumes() throws Exception {
        String jar = System.getProperty("invalidator.jar");
        assumeTrue(jar != null && Files.isRegularFile(Path.of(jar)),
                "needs invalidator.jar, which mvn verify builds before the integration tests");
        Path config = Files.writeString(directory.resolve("invalidator.yaml"), "http:\n  port: 0\n");
        Path data = directory.resolve("data");
        int closedPort = closedPort();

        Path firstLog = directory.resolve("first.log");
        running = start(jar, config, data, closedPort, firstLog);
        int httpPort = awaitNumber(firstLog, HTTP_PORT);
        int redisPort = awaitNumber(firstLog, REDIS);
        int postgresPort = awaitNumber(firstLog, POSTGRES);
        int kafkaPort = awaitNumber(firstLog, KAFKA);
        assertThat(Files.readString(firstLog)).contains("Redis: embedded (nothing configured, nothing answering on"
                + " 127.0.0.1:" + closedPort + ")");
        awaitReady(httpPort);

        try (RedisClient redis = RedisClient.create("127.0.0.1", redisPort);
             Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgresPort + "/shop",
                     "postgres", "postgres")) {
            redis.set("product:1", "Espresso beans, 7.90");
            try (Statement statement = db.createStatement()) {
                statement.executeUpdate("UPDATE public.products SET price = price + 1 WHERE id = 1");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> !redis.exists("product:1"));
        }

        List<ProcessHandle> started = new ArrayList<>(running.descendants().toList());
        started.add(ProcessHandle.of(postmasterPid(data)).orElseThrow());
        assertThat(started).extracting(RunEmbeddedIT::command)
                .anySatisfy(command -> assertThat(command).contains("java"))
                .anySatisfy(command -> assertThat(command).contains("redis-server"))
                .anySatisfy(command -> assertThat(command).contains("postgres"));

        running.destroy();
        assertThat(running.waitFor(90, TimeUnit.SECONDS)).as("stopped within 90 s of SIGTERM").isTrue();
        assertThat(running.exitValue()).isEqualTo(143);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(started).noneMatch(ProcessHandle::isAlive));
        assertThat(Files.readString(firstLog)).containsSubsequence("service stopped", "capture stopped",
                "Redis on 127.0.0.1:" + redisPort + " stopped", "PostgreSQL on 127.0.0.1:" + postgresPort + " stopped",
                "Kafka broker on 127.0.0.1:" + kafkaPort + " stopped");

        Path secondLog = directory.resolve("second.log");
        running = start(jar, config, data, closedPort, secondLog);
        awaitReady(awaitNumber(secondLog, HTTP_PORT));
        int secondKafka = awaitNumber(secondLog, KAFKA);
        assertThat(Files.readString(secondLog)).contains("demo schema present").contains("kept from an earlier start");
        // The three rows of the demo schema were read once, by the first start's snapshot; the second start went on
        // from the offsets the first one stored in Kafka.
        assertThat(snapshotReads(secondKafka)).isEqualTo(3);
        running.destroy();
        assertThat(running.waitFor(90, TimeUnit.SECONDS)).isTrue();
    }

    private static Process start(String jar, Path config, Path data, int closedPort, Path log) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-jar", jar, "run", "--embedded", "--data-dir", data.toString(), "-c", config.toString(),
                "--local-redis", "127.0.0.1:" + closedPort)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private int awaitNumber(Path log, Pattern pattern) {
        int[] found = new int[1];
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(running.isAlive()).as("still running; log:\n%s", Files.readString(log)).isTrue();
            Matcher matcher = pattern.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (matcher.find()) {
                found[0] = Integer.parseInt(matcher.group(1));
                return true;
            }
            return false;
        });
        return found[0];
    }

    private static void awaitReady(int httpPort) {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                client.send(ready, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    /** Snapshot reads ("op":"r") of shop.public.products, reading the topic from its start to its end. */
    private static long snapshotReads(int kafkaPort) {
        TopicPartition partition = new TopicPartition("shop.public.products", 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long reads = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() != null && record.value().contains("\"op\":\"r\"")) {
                        reads++;
                    }
                }
            }
            return reads;
        }
    }

    private static long postmasterPid(Path data) throws IOException {
        return Long.parseLong(Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(0).strip());
    }

    private static String command(ProcessHandle process) {
        return process.info().command().orElse("?");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
