package dev.invalidator.client.broadcast;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/** Settings of a Kafka {@link BroadcastFollower}; obtained from {@link BroadcastFollower#kafka}. */
public final class KafkaFollowerBuilder {

    /** Settings the follower needs as they are: it reads without a group and must see holes in its partitions. */
    private static final Map<String, Object> FIXED = Map.of(
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none",
            ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);

    private final String bootstrapServers;
    private final String topic;
    private final Map<String, Object> clientProperties = new HashMap<>();
    private Duration maxStaleness = Duration.ofSeconds(2);
    private Duration partitionRefreshInterval = Duration.ofSeconds(30);

    KafkaFollowerBuilder(String bootstrapServers, String topic) {
        this.bootstrapServers = requireText(bootstrapServers, "bootstrapServers");
        this.topic = requireText(topic, "topic");
    }

    /**
     * Further Kafka consumer settings (security, client id, fetch sizes, ...). {@code group.id} is refused: the
     * follower commits nothing; {@code enable.auto.commit}, {@code auto.offset.reset} and
     * {@code allow.auto.create.topics} are fixed by the follower.
     */
    public KafkaFollowerBuilder clientProperties(Map<String, ?> properties) {
        Objects.requireNonNull(properties, "properties");
        if (properties.containsKey(ConsumerConfig.GROUP_ID_CONFIG)) {
            throw new IllegalArgumentException("clientProperties: " + ConsumerConfig.GROUP_ID_CONFIG
                    + " is not allowed, the follower reads every partition itself without a consumer group");
        }
        for (String fixed : FIXED.keySet()) {
            if (properties.containsKey(fixed)) {
                throw new IllegalArgumentException("clientProperties: " + fixed + " is set by the follower to "
                        + FIXED.get(fixed));
            }
        }
        clientProperties.putAll(properties);
        return this;
    }

    /**
     * How long after it last confirmed being caught up the follower still counts as in sync; 2 s by default.
     * It confirms every quarter of this while it keeps up.
     */
    public KafkaFollowerBuilder maxStaleness(Duration maxStaleness) {
        this.maxStaleness = requirePositive(maxStaleness, "maxStaleness");
        return this;
    }

    /**
     * How often the follower looks for partitions added to the topic; 30 s by default. Unless the client properties
     * set {@code metadata.max.age.ms}, it is set to this, as the consumer only sees new partitions in fresh metadata.
     */
    public KafkaFollowerBuilder partitionRefreshInterval(Duration interval) {
        this.partitionRefreshInterval = requirePositive(interval, "partitionRefreshInterval");
        return this;
    }

    /** Calls {@code subscriber.followedBy} and starts delivering to it from the topic's current end. */
    public BroadcastFollower start(BroadcastSubscriber subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putAll(FIXED);
        config.putIfAbsent(ConsumerConfig.METADATA_MAX_AGE_CONFIG, partitionRefreshInterval.toMillis());
        KafkaBroadcastFollower follower = new KafkaBroadcastFollower(config, topic, maxStaleness,
                partitionRefreshInterval, subscriber);
        subscriber.followedBy(follower);
        follower.start();
        return follower;
    }

    static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank, was " + (value == null ? "null" : "'" + value + "'"));
        }
        return value;
    }

    static Duration requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }
}
