package dev.invalidator.client.broadcast;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the broadcast topic on one thread that owns the consumer. Every partition is assigned (no group, no
 * commits) and read from its end at start, because a starting node holds nothing that older messages could concern;
 * partitions added later are read from their beginning. A hole in a partition (retention overtook the node) is
 * reported and skipped to the end.
 *
 * <p>In sync: now minus the moment of the last confirmed catch-up is at most the staleness bound. A catch-up is
 * confirmed by asking the end offsets at a moment T and then reaching them: everything published before T has been
 * delivered. The moment is taken before asking, so a process paused and resumed (SIGSTOP) stays out of sync until it
 * has read what was published meanwhile.
 */
final class KafkaBroadcastFollower implements BroadcastFollower {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroadcastFollower.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final String topic;
    private final long maxStalenessNanos;
    private final long checkIntervalNanos;
    private final long refreshIntervalNanos;
    private final Duration requestTimeout;
    private final Duration pollTimeout;
    private final Consumer<byte[], byte[]> consumer;
    private final FollowerCounters counters = new FollowerCounters();
    private final Delivery delivery;
    private final Thread thread;

    private volatile boolean closing;
    private volatile boolean stopped;
    private volatile boolean caughtUpOnce;
    private volatile long caughtUpAtNanos;

    // Owned by the delivering thread.
    private Set<TopicPartition> assigned = Set.of();
    private boolean partitionsKnown;
    private long refreshedAtNanos;
    private Map<TopicPartition, Long> target;
    private long targetAskedAtNanos;
    private long targetDueAtNanos;

    KafkaBroadcastFollower(Map<String, Object> consumerConfig, String topic, Duration maxStaleness,
                           Duration partitionRefreshInterval, BroadcastSubscriber subscriber) {
        this.topic = topic;
        this.maxStalenessNanos = maxStaleness.toNanos();
        // Several confirmations per bound, so that one slow round trip does not drop the follower out of sync.
        this.checkIntervalNanos = Math.max(Duration.ofMillis(5).toNanos(), maxStalenessNanos / 4);
        this.refreshIntervalNanos = partitionRefreshInterval.toNanos();
        this.requestTimeout = maxStaleness.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : maxStaleness;
        this.pollTimeout = Duration.ofNanos(Math.min(checkIntervalNanos, Duration.ofMillis(100).toNanos()));
        this.consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.delivery = new Delivery(subscriber, GapRule.kafka(), counters, System::currentTimeMillis);
        this.thread = new Thread(this::run, "broadcast-follower-" + topic);
        this.thread.setDaemon(true);
        this.targetDueAtNanos = System.nanoTime();
    }

    void start() {
        thread.start();
    }

    @Override
    public boolean inSync() {
        return caughtUpOnce && !stopped && !closing && System.nanoTime() - caughtUpAtNanos <= maxStalenessNanos;
    }

    @Override
    public FollowerStats stats() {
        return counters.snapshot();
    }

    private void run() {
        try {
            while (!closing) {
                followOnce();
            }
        } catch (WakeupException e) {
            if (!closing) {
                LOG.error("follower of topic {} was woken up unexpectedly; it stops and reports itself out of sync",
                        topic, e);
            }
        } catch (RuntimeException e) {
            LOG.error("follower of topic {} stops and reports itself out of sync from now on", topic, e);
        } finally {
            stopped = true;
            consumer.close();
        }
    }

    private void followOnce() {
        try {
            long now = System.nanoTime();
            boolean refreshDue = !partitionsKnown || now - refreshedAtNanos >= refreshIntervalNanos
                    || assigned.isEmpty() && now - refreshedAtNanos >= checkIntervalNanos;
            if (refreshDue) {
                refreshPartitions();
            }
            poll();
            confirmCaughtUp();
        } catch (TimeoutException e) {
            // The broker is unreachable or slow: no catch-up is confirmed, so the follower drops out of sync once
            // the bound passes, and continues from its positions when the broker answers again.
            LOG.warn("follower of topic {} got no answer from Kafka in time ({}); retrying", topic, e.getMessage());
        }
    }

    private void refreshPartitions() {
        long askedAt = System.nanoTime();
        List<PartitionInfo> infos = consumer.partitionsFor(topic, requestTimeout);
        refreshedAtNanos = askedAt;
        Set<TopicPartition> current = infos.stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .collect(Collectors.toSet());
        if (current.isEmpty()) {
            // No topic yet, so nothing published yet; the topic's partitions are read from their start once found.
            LOG.debug("topic {} has no partitions yet", topic);
            partitionsKnown = true;
            markCaughtUp(askedAt);
            return;
        }
        if (current.equals(assigned)) {
            return;
        }
        Set<TopicPartition> added = new HashSet<>(current);
        added.removeAll(assigned);
        boolean starting = !partitionsKnown;
        consumer.assign(current);
        if (starting) {
            consumer.seekToEnd(added);
        } else {
            consumer.seekToBeginning(added);
        }
        assigned = Set.copyOf(current);
        partitionsKnown = true;
        target = null;
        LOG.info("follower of topic {} reads partitions {}", topic, current.stream().map(TopicPartition::partition)
                .sorted().toList());
        if (starting) {
            for (TopicPartition partition : added) {
                // Fixes the starting point now rather than at the first fetch.
                consumer.position(partition, requestTimeout);
            }
        } else {
            reportDeletedStarts(added);
        }
    }

    /**
     * Partitions created after the follower started hold only messages published since, so they are read from their
     * beginning; messages already deleted there were missed.
     */
    private void reportDeletedStarts(Set<TopicPartition> added) {
        for (Map.Entry<TopicPartition, Long> start : consumer.beginningOffsets(added, requestTimeout).entrySet()) {
            if (start.getValue() > 0) {
                delivery.missed(MissReason.RETENTION_OVERTAKEN, "topic " + topic + " partition "
                        + start.getKey().partition() + " appeared with its first " + start.getValue()
                        + " message(s) already deleted");
            }
        }
    }

    private void poll() {
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(pollTimeout);
        } catch (InvalidOffsetException e) {
            skipHoles(e);
            return;
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
            delivery.deliver(record.value(), record.partition(), "topic " + record.topic() + " partition "
                    + record.partition() + " offset " + record.offset());
        }
    }

    private void skipHoles(InvalidOffsetException e) {
        Map<TopicPartition, Long> lost = e instanceof OffsetOutOfRangeException outOfRange
                ? outOfRange.offsetOutOfRangePartitions() : Map.of();
        for (TopicPartition partition : e.partitions()) {
            consumer.seekToEnd(List.of(partition));
            delivery.forgetPartition(partition.partition());
            Long offset = lost.get(partition);
            delivery.missed(MissReason.RETENTION_OVERTAKEN, "topic " + topic + " partition " + partition.partition()
                    + (offset == null ? " has no position" : " no longer holds offset " + offset)
                    + "; continuing from its end");
        }
    }

    private void confirmCaughtUp() {
        if (assigned.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        if (target == null) {
            if (now - targetDueAtNanos < 0) {
                return;
            }
            targetAskedAtNanos = now;
            target = consumer.endOffsets(assigned, requestTimeout);
            targetDueAtNanos = now + checkIntervalNanos;
        }
        for (Map.Entry<TopicPartition, Long> end : target.entrySet()) {
            if (consumer.position(end.getKey(), requestTimeout) < end.getValue()) {
                return;
            }
        }
        markCaughtUp(targetAskedAtNanos);
        target = null;
    }

    private void markCaughtUp(long atNanos) {
        caughtUpAtNanos = atNanos;
        caughtUpOnce = true;
    }

    @Override
    public void close() {
        closing = true;
        if (!stopped) {
            consumer.wakeup();
        }
        if (Thread.currentThread() == thread) {
            return; // called by the subscriber: the loop ends after this delivery
        }
        try {
            thread.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("follower of topic {} did not stop within {}", topic, CLOSE_WAIT);
        }
    }
}
