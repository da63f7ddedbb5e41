package dev.invalidator.service.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

    private static final String TOPIC = "shop.public.products";
    private static final String GROUP = "invalidator-it";
    private static final int RECORDS = 1000;

    @TempDir
    Path dataDirectory;

    @Test
    void start_thenRestartOnSameDirectory_keepsRecordsAndCommittedOffsets() {
        Set<String> produced = new HashSet<>();
        int port;
        ProcessHandle firstBroker;
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDirectory(dataDirectory).start()) {
            port = kafka.port();
            firstBroker = kafka.process();
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            kafka.createTopic(TOPIC, 3);
            try (KafkaTopics topics = KafkaTopics.connect(kafka.bootstrapServers())) {
                assertThat(topics.partitions(TOPIC)).isEqualTo(3);
            }
            produced.addAll(produce(kafka.bootstrapServers(), RECORDS));

            try (KafkaConsumer<String, String> consumer = consumer(kafka.bootstrapServers(), GROUP)) {
                consumer.subscribe(List.of(TOPIC));
                assertThat(values(pollUntil(consumer, RECORDS))).containsExactlyInAnyOrderElementsOf(produced);
                consumer.commitSync();
            }
            assertThat(committedTotal(kafka.bootstrapServers(), GROUP)).isEqualTo(RECORDS);
        }
        assertThat(firstBroker.isAlive()).as("broker process after close()").isFalse();
        assertThat(ProcessHandle.current().children()).doesNotContain(firstBroker);
        assertThat(dataDirectory.resolve("kafka-logs/meta.properties")).as("a given directory is kept").exists();

        assertThatThrownBy(() -> EmbeddedKafka.builder().dataDirectory(dataDirectory)
                .brokerProperty("num.io.threads", "zero").start())
                .as("a broker that fails at start is reported with its last log lines")
                .isInstanceOf(EmbeddedKafkaException.class)
                .hasMessageContaining("exited with status 1 before it was ready")
                .hasMessageContaining(dataDirectory.resolve("broker.log").toString())
                .hasMessageContaining("Invalid value zero for configuration num.io.threads");

        try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDirectory(dataDirectory).port(port).start()) {
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            assertThat(committedTotal(kafka.bootstrapServers(), GROUP)).as("committed offsets after restart")
                    .isEqualTo(RECORDS);
            try (KafkaConsumer<String, String> consumer = consumer(kafka.bootstrapServers(), "after-restart")) {
                consumer.subscribe(List.of(TOPIC));
                assertThat(values(pollUntil(consumer, RECORDS))).containsExactlyInAnyOrderElementsOf(produced);
            }
            try (KafkaConsumer<String, String> consumer = consumer(kafka.bootstrapServers(), GROUP)) {
                consumer.subscribe(List.of(TOPIC));
                List<ConsumerRecord<String, String>> polled = new ArrayList<>();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    consumer.poll(Duration.ofMillis(100)).forEach(polled::add);
                    return consumer.assignment().size() == 3;
                });
                assertThat(polled).as("records past the group's committed offsets").isEmpty();
                assertThat(consumer.assignment().stream().mapToLong(consumer::position).sum())
                        .as("the group resumes at its committed offsets").isEqualTo(RECORDS);
            }
        }
    }

    /**
     * A terminal's Ctrl-C signals the whole process group: a broker whose owner stops it after its clients
     * ({@code run --embedded}) must let that SIGINT pass, and still stop on {@link EmbeddedKafka#close()}.
     */
    @Test
    void start_closeOnExitOff_brokerIgnoresSigintAndStopsOnClose() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().closeOnExit(false).start()) {
            ProcessHandle broker = kafka.process();
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(broker.pid())).inheritIO().start();
            assertThat(kill.waitFor()).isZero();

            Thread.sleep(2_000);

            assertThat(broker.isAlive()).as("broker alive after SIGINT").isTrue();
            kafka.close();
            assertThat(broker.isAlive()).as("broker alive after close()").isFalse();
        }
    }

    @Test
    void start_onPortInUse_failsNamingThePort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedKafka.builder().port(port).dataDirectory(dataDirectory).start())
                    .isInstanceOf(EmbeddedKafkaException.class)
                    .hasMessageContaining("Port " + port + " on 127.0.0.1")
                    .hasMessageContaining("already in use");
        }
    }

    @Test
    void start_newDirectoryWithBadProperty_failsWithTheFormatLogTail() {
        assertThatThrownBy(() -> EmbeddedKafka.builder().dataDirectory(dataDirectory)
                .brokerProperty("num.io.threads", "zero").start())
                .isInstanceOf(EmbeddedKafkaException.class)
                .hasMessageContaining("Formatting the Kafka data directory " + dataDirectory.resolve("kafka-logs"))
                .hasMessageContaining("failed with exit status 1")
                .hasMessageContaining("Invalid value zero for configuration num.io.threads");
    }

    /**
     * Runs from {@code invalidator.jar} (the shaded jar {@code mvn package} builds), as {@code invalidator run
     * --embedded} will: the parent and hence the broker get that jar (plus this test's classes) as class path.
     */
    @Test
    void parentTerminated_closesBrokerThroughShutdownHook_andDeletesTemporaryDirectory() throws IOException {
        String shadedJar = System.getProperty("invalidator.jar");
        assumeTrue(shadedJar != null && Files.isRegularFile(Path.of(shadedJar)),
                "needs invalidator.jar, which mvn verify builds before the integration tests");
        JavaClassPath classPath = JavaClassPath.of(List.of(Path.of(shadedJar), testClasses()));
        try (ChildJvm parent = startParent(classPath, List.of())) {
            String[] ready = awaitReady(parent);
            ProcessHandle broker = ProcessHandle.of(Long.parseLong(ready[1])).orElseThrow();
            Path temporaryDirectory = Path.of(ready[2]);
            assertThat(temporaryDirectory).exists();

            parent.handle().destroy(); // SIGTERM: the parent's shutdown hooks run, as on Ctrl-C.

            await().atMost(Duration.ofSeconds(30)).until(() -> !parent.isAlive());
            assertThat(broker.isAlive()).as("broker after its parent exited").isFalse();
            assertThat(temporaryDirectory).doesNotExist();
            assertThat(Files.readString(parentLog())).contains("Kafka broker on 127.0.0.1:").contains("stopped");
        }
    }

    @Test
    void parentKilled_brokerExitsByItself() throws IOException {
        // A directory of the test's: the killed parent cannot delete a temporary one.
        try (ChildJvm parent = startParent(JavaClassPath.current(), List.of(dataDirectory.resolve("kafka").toString()))) {
            ProcessHandle broker = ProcessHandle.of(Long.parseLong(awaitReady(parent)[1])).orElseThrow();

            parent.handle().destroyForcibly(); // SIGKILL: no shutdown hook runs in the parent.

            await().atMost(Duration.ofSeconds(30)).until(() -> !broker.isAlive());
        }
    }

    private ChildJvm startParent(JavaClassPath classPath, List<String> arguments) {
        return ChildJvm.start("test parent", classPath, List.of(), BrokerParentMain.class.getName(), arguments,
                parentLog(), Duration.ofSeconds(5), true);
    }

    private static Path testClasses() {
        try {
            return Path.of(BrokerParentMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private String[] awaitReady(ChildJvm parent) throws IOException {
        await().atMost(Duration.ofSeconds(60)).failFast("parent exited", () -> !parent.isAlive())
                .until(() -> readyLine().isPresent());
        return readyLine().orElseThrow().split(" ");
    }

    private Optional<String> readyLine() throws IOException {
        return Files.readAllLines(parentLog()).stream().filter(line -> line.startsWith("READY ")).findFirst();
    }

    private Path parentLog() {
        return dataDirectory.resolve("parent.log");
    }

    private static Set<String> produce(String bootstrapServers, int count) {
        Set<String> values = new HashSet<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                String value = "{\"id\":" + i + "}";
                producer.send(new ProducerRecord<>(TOPIC, "product-" + i, value));
                values.add(value);
            }
            producer.flush();
        }
        return values;
    }

    private static KafkaConsumer<String, String> consumer(String bootstrapServers, String group) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer());
    }

    private static List<ConsumerRecord<String, String>> pollUntil(KafkaConsumer<String, String> consumer, int count) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            return records.size() >= count;
        });
        return records;
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).collect(Collectors.toList());
    }

    private static long committedTotal(String bootstrapServers, String group) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        } catch (Exception e) {
            throw new AssertionError("Cannot read the committed offsets of group " + group, e);
        }
    }
}
