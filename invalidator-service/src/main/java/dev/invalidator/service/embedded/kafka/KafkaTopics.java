package dev.invalidator.service.embedded.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates topics with a given number of partitions, on the embedded broker or any other: the replication factor is
 * the broker's {@code default.replication.factor} (1 on the embedded broker).
 *
 * <pre>{@code
 * try (KafkaTopics topics = KafkaTopics.connect(kafka.bootstrapServers())) {
 *     topics.create("shop.public.products", 3);
 * }
 * }</pre>
 */
public final class KafkaTopics implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;
    private final String bootstrapServers;

    private KafkaTopics(Admin admin, String bootstrapServers) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
    }

    /** An admin connection to the cluster; further admin client settings (TLS, SASL) may be passed. */
    public static KafkaTopics connect(String bootstrapServers, Map<String, Object> adminSettings) {
        Map<String, Object> settings = new HashMap<>(adminSettings);
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "invalidator-topics");
        return new KafkaTopics(Admin.create(settings), bootstrapServers);
    }

    public static KafkaTopics connect(String bootstrapServers) {
        return connect(bootstrapServers, Map.of());
    }

    /** Creates the topic; fails, naming it, when it exists already or the broker refuses it. */
    public void create(String topic, int partitions) {
        try {
            createTopic(topic, partitions);
        } catch (ExecutionException e) {
            throw failure(topic, partitions, e.getCause());
        }
    }

    /**
     * Creates the topic unless it exists. An existing topic is kept as it is if it has at least {@code partitions}
     * partitions; with fewer it is an error, since keyed order and consumer parallelism depend on the count.
     *
     * @return whether the topic was created
     */
    public boolean createIfAbsent(String topic, int partitions) {
        try {
            createTopic(topic, partitions);
            return true;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw failure(topic, partitions, e.getCause());
            }
        }
        int existing = partitions(topic);
        if (existing < partitions) {
            throw new IllegalStateException("Topic '" + topic + "' on " + bootstrapServers + " exists with " + existing
                    + " partitions, fewer than the " + partitions + " wanted; add partitions or use another topic");
        }
        return false;
    }

    /** The topic's partition count; fails, naming the topic, when it does not exist. */
    public int partitions(String topic) {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).topicNameValues().get(topic)
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return description.partitions().size();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot describe topic '" + topic + "' on " + bootstrapServers + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("No answer from " + bootstrapServers + " within " + TIMEOUT_SECONDS
                    + " s describing topic '" + topic + "'", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while describing topic '" + topic + "'", e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }

    private void createTopic(String topic, int partitions) throws ExecutionException {
        if (partitions < 1) {
            throw new IllegalArgumentException("Topic '" + topic + "' needs at least one partition, not " + partitions);
        }
        NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), Optional.empty());
        try {
            admin.createTopics(List.of(newTopic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("No answer from " + bootstrapServers + " within " + TIMEOUT_SECONDS
                    + " s creating topic '" + topic + "'", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic '" + topic + "'", e);
        }
    }

    private IllegalStateException failure(String topic, int partitions, Throwable cause) {
        return new IllegalStateException("Cannot create topic '" + topic + "' with " + partitions + " partitions on "
                + bootstrapServers + ": " + cause.getMessage(), cause);
    }
}
