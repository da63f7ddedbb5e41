package dev.invalidator.service.bench;

import java.util.ArrayList;
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
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;

/**
 * The run's topics: created stamped with the broker's append time ({@code message.timestamp.type=LogAppendTime}),
 * which is where the latency phase measures from, and deleted when closed. A topic is ready once every partition's
 * leader serves it: an idempotent producer whose first batch meets {@code NOT_LEADER_OR_FOLLOWER} was seen here to
 * retry with {@code OUT_OF_ORDER_SEQUENCE_NUMBER} until its delivery timeout.
 */
final class BenchTopics implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;
    private final String bootstrapServers;
    private final List<String> created = new ArrayList<>();

    private BenchTopics(Admin admin, String bootstrapServers) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
    }

    static BenchTopics connect(String bootstrapServers) {
        return new BenchTopics(Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "invalidator-bench")), bootstrapServers);
    }

    /** Creates the topic and waits until each of its partitions' leaders serves it. */
    void create(String topic, int partitions) {
        NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), Optional.empty())
                .configs(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"));
        try {
            admin.createTopics(List.of(newTopic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            created.add(topic);
            awaitLeaders(topic, partitions);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topic '" + topic + "' with " + partitions
                    + " partitions on " + bootstrapServers + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic '" + topic + "'", e);
        }
    }

    /**
     * Waits until every partition's leader answers ListOffsets, which the leader's replica manager serves: the
     * topic's metadata alone can show a leader a moment before it accepts writes.
     */
    private void awaitLeaders(String topic, int partitions)
            throws ExecutionException, TimeoutException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                admin.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(50);
        }
    }

    /** Deletes the topics this run created. */
    @Override
    public void close() {
        try {
            if (!created.isEmpty()) {
                admin.deleteTopics(created).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot delete the benchmark's topics " + created + " on "
                    + bootstrapServers + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deleting topics " + created, e);
        } finally {
            admin.close();
        }
    }
}
