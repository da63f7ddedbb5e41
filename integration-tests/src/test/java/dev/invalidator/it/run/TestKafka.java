package dev.invalidator.it.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.invalidator.it.infra.Infrastructure;
import dev.invalidator.it.infra.KafkaBroker;
import dev.invalidator.service.embedded.kafka.KafkaTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Kafka broker for a test class, with the producer and admin client the tests use to feed the service and
 * to look at what it did: committed offsets, group members, the records of its output topics. The broker follows
 * the {@link Infrastructure} switch ({@link KafkaBroker}). Registered as
 * {@code @RegisterExtension static final TestKafka kafka = new TestKafka();}
 */
final class TestKafka implements BeforeAllCallback, AfterAllCallback {

    private static final long TIMEOUT_SECONDS = 30;

    // Set before the class's tests run, closed after them: a test class registers one as a static extension.
    private KafkaBroker broker;
    private String bootstrapServers;
    private KafkaProducer<byte[], byte[]> producer;
    private Admin admin;

    /** Starts a broker that lets consumers keep sessions as short as one second, so that takeovers are quick. */
    @Override
    public void beforeAll(ExtensionContext context) {
        broker = KafkaBroker.start(Map.of("group.min.session.timeout.ms", "1000"));
        bootstrapServers = broker.bootstrapServers();
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates the test's change topic with {@code partitions}, and its requests, dead-letter and broadcast topics. */
    void createTopics(TestNames names, int partitions) {
        try (KafkaTopics topics = KafkaTopics.connect(bootstrapServers)) {
            topics.create(names.changeTopic(), partitions);
            topics.create(names.requestsTopic(), 1);
            topics.create(names.deadLetterTopic(), 1);
            topics.create(names.broadcastTopic(), 1);
        }
    }

    /** Sends a record, partitioned by its key as Debezium's producer would, and waits for the broker's ack. */
    void send(String topic, byte[] key, byte[] value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    void send(String topic, ChangeEvents.Event event) {
        send(topic, event.keyBytes(), event.valueBytes());
    }

    void send(ProducerRecord<byte[], byte[]> record) {
        try {
            producer.send(record).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted producing to " + record.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not produce to " + record.topic(), e);
        }
    }

    /** The group's committed offsets on the topic's partitions, summed: the records it has finished with. */
    long committed(String group, String topic) {
        return committedByPartition(group, topic).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The group's committed offset per partition of the topic; partitions without a commit are left out. */
    Map<Integer, Long> committedByPartition(String group, String topic) {
        Map<TopicPartition, OffsetAndMetadata> offsets =
                get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), "offsets of " + group);
        return offsets.entrySet().stream()
                .filter(entry -> entry.getKey().topic().equals(topic) && entry.getValue() != null)
                .collect(Collectors.toMap(entry -> entry.getKey().partition(), entry -> entry.getValue().offset()));
    }

    /** The end offset of each of the topic's partitions. */
    Map<Integer, Long> endOffsets(String topic) {
        int partitions;
        try (KafkaTopics topics = KafkaTopics.connect(bootstrapServers)) {
            partitions = topics.partitions(topic);
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int partition = 0; partition < partitions; partition++) {
            request.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
        return get(admin.listOffsets(request).all(), "end offsets of " + topic).entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().partition(), entry -> entry.getValue().offset()));
    }

    /** The group's members, in a stable group only; empty while it rebalances or when it has none. */
    List<MemberDescription> stableMembers(String group) {
        ConsumerGroupDescription description;
        try {
            description = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return List.of(); // no member has joined yet
            }
            throw new IllegalStateException("could not describe the group " + group, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted describing the group " + group, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not describe the group " + group, e);
        }
        if (description.groupState() != GroupState.STABLE) {
            return List.of();
        }
        return List.copyOf(description.members());
    }

    /**
     * Waits until the group is stable with exactly {@code members} members, each assigned some partitions of
     * {@code topic}, and all the topic's partitions assigned; fails early if a watched process exits.
     */
    void awaitConsuming(String group, String topic, int members, ServiceProcess... watched) {
        int partitions = endOffsets(topic).size();
        await("group " + group + " with " + members + " members consuming " + topic)
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    for (ServiceProcess process : watched) {
                        process.requireAlive();
                    }
                    List<MemberDescription> stable = stableMembers(group);
                    assertThat(stable).as("stable members of " + group).hasSize(members);
                    int assigned = 0;
                    for (MemberDescription member : stable) {
                        long own = member.assignment().topicPartitions().stream()
                                .filter(partition -> partition.topic().equals(topic)).count();
                        assertThat(own).as("partitions of " + topic + " assigned to " + member.consumerId())
                                .isPositive();
                        assigned += own;
                    }
                    assertThat(assigned).as("partitions of " + topic + " assigned").isEqualTo(partitions);
                });
    }

    /**
     * Reads every record of the topic from the beginning: exactly {@code expected} of them, ordered by partition and
     * offset. Waits up to 10 s for them, then a little more to see that no more come.
     */
    List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> read = readUntil(topic, records -> records.size() >= expected);
        assertThat(read).as("records in " + topic).hasSize(expected);
        return read;
    }

    /**
     * Reads every record of the topic from the beginning until {@code complete} holds for those read, ordered by
     * partition and offset. Waits up to 10 s for that, then a little more to catch any that follow.
     */
    List<ConsumerRecord<byte[], byte[]>> readUntil(String topic,
                                                   Predicate<List<ConsumerRecord<byte[], byte[]>>> complete) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = endOffsets(topic).keySet().stream()
                    .map(partition -> new TopicPartition(topic, partition)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
            await("records in " + topic).atMost(Duration.ofSeconds(10)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                return complete.test(read);
            });
            consumer.poll(Duration.ofMillis(300)).forEach(read::add);
            read.sort(Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
                    .thenComparingLong(ConsumerRecord::offset));
            return read;
        }
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header " + name + " among " + record.headers()).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future, String what) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading the " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read the " + what, e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (admin != null) {
                admin.close();
            }
            if (producer != null) {
                producer.close();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }
}
