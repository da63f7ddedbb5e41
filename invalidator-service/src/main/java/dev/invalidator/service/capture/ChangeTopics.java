package dev.invalidator.service.capture;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a change topic the first time a record is bound for it, as Kafka Connect's topic creation does, so that
 * capture works on brokers that do not create topics on their own. Partitions and replication are the broker's
 * defaults unless the source sets Connect's {@code topic.creation.default.partitions} and
 * {@code topic.creation.default.replication.factor}.
 */
final class ChangeTopics implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeTopics.class);
    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;
    private final Optional<Integer> partitions;
    private final Optional<Short> replication;
    private final Set<String> known = new HashSet<>();

    private ChangeTopics(Admin admin, Optional<Integer> partitions, Optional<Short> replication) {
        this.admin = admin;
        this.partitions = partitions;
        this.replication = replication;
    }

    /** Topics that are created when first written to. */
    static ChangeTopics creating(String bootstrapServers, Map<String, String> kafkaClient,
                                 Map<String, String> sourceProperties) {
        Map<String, Object> settings = new HashMap<>(kafkaClient);
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return new ChangeTopics(Admin.create(settings),
                positive(sourceProperties, "topic.creation.default.partitions").map(Integer::intValue),
                positive(sourceProperties, "topic.creation.default.replication.factor").map(Integer::shortValue));
    }

    /** Topics left to the broker (created on first write if the broker does, else the writes wait and fail). */
    static ChangeTopics notCreating() {
        return new ChangeTopics(null, Optional.empty(), Optional.empty());
    }

    void ensure(String topic) throws InterruptedException {
        if (admin == null || known.contains(topic)) {
            return;
        }
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, replication))).all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info("created change topic {}", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new CaptureException("cannot create change topic " + topic + ": " + e.getCause().getMessage(),
                        e.getCause());
            }
        } catch (TimeoutException e) {
            throw new CaptureException("no answer from Kafka within " + TIMEOUT_SECONDS + " s creating change topic "
                    + topic, e);
        }
        known.add(topic);
    }

    private static Optional<Integer> positive(Map<String, String> properties, String key) {
        String text = properties.get(key);
        if (text == null || text.isBlank() || text.strip().equals("-1")) {
            return Optional.empty();
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value < 1) {
                throw new NumberFormatException();
            }
            return Optional.of(value);
        } catch (NumberFormatException e) {
            throw new CaptureException(key + " must be a positive integer or -1 (the broker's default); got '"
                    + text + "'");
        }
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
