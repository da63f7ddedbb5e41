package dev.invalidator.it.infra;

import dev.invalidator.service.embedded.kafka.EmbeddedKafka;
import dev.invalidator.service.embedded.kafka.KafkaTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A real Kafka broker for a test class, from wherever the {@link Infrastructure} switch says: {@link EmbeddedKafka}
 * (a KRaft node in a child JVM) on the local path, an {@value #IMAGE} container otherwise. Start one in
 * {@code @BeforeAll} and close it in {@code @AfterAll}.
 */
public final class KafkaBroker implements AutoCloseable {

    /** The image of the containers path: the Kafka version the build uses (parent POM's kafka.version). */
    public static final String IMAGE = "apache/kafka:4.1.1";

    private final AutoCloseable broker;
    private final String bootstrapServers;

    private KafkaBroker(AutoCloseable broker, String bootstrapServers) {
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
    }

    /** A broker with Kafka's defaults for a single node. */
    public static KafkaBroker start() {
        return start(Map.of());
    }

    /** A broker with these broker properties besides ({@code group.min.session.timeout.ms} and the like). */
    public static KafkaBroker start(Map<String, String> brokerProperties) {
        if (Infrastructure.chosen() == Infrastructure.CONTAINERS) {
            KafkaContainer container = new KafkaContainer(IMAGE);
            // The image turns KAFKA_* variables into broker properties: KAFKA_A_B_C is a.b.c.
            brokerProperties.forEach((key, value) ->
                    container.withEnv("KAFKA_" + key.replace('.', '_').toUpperCase(Locale.ROOT), value));
            try {
                container.start();
            } catch (RuntimeException e) {
                container.close();
                throw e;
            }
            return new KafkaBroker(container, container.getBootstrapServers());
        }
        EmbeddedKafka.Builder builder = EmbeddedKafka.builder();
        brokerProperties.forEach(builder::brokerProperty);
        EmbeddedKafka embedded = builder.start();
        return new KafkaBroker(embedded, embedded.bootstrapServers());
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates a topic with replication factor 1 and waits until it is there. */
    public void createTopic(String topic, int partitions) {
        try (KafkaTopics topics = KafkaTopics.connect(bootstrapServers)) {
            topics.create(topic, partitions);
        }
    }

    /**
     * Freezes the broker, as a machine that stops answering: SIGSTOP to the embedded broker's process, or
     * {@code docker pause} of its container. Connections stay open; nothing is answered until {@link #resume()}.
     */
    public void pause() {
        if (broker instanceof KafkaContainer container) {
            container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
        } else {
            signal("STOP");
        }
    }

    /** Lets a {@link #pause() paused} broker go on. */
    public void resume() {
        if (broker instanceof KafkaContainer container) {
            container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
        } else {
            signal("CONT");
        }
    }

    private void signal(String signal) {
        long pid = ((EmbeddedKafka) broker).process().pid();
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " exited with " + kill.exitValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill (procps) to send SIG" + signal + " to the broker", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending SIG" + signal + " to the broker", e);
        }
    }

    @Override
    public void close() {
        try {
            broker.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the test broker at " + bootstrapServers, e);
        }
    }
}
