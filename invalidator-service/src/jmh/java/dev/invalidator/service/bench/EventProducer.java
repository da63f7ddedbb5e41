package dev.invalidator.service.bench;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes the benchmark's change events to Kafka as a Debezium connector would ({@code acks=all}, idempotent): row
 * {@code id} to partition {@code id % partitions}, so that partitions get equal shares and offsets are known.
 */
final class EventProducer implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final ChangeEvents events;
    private final AtomicReference<String> failure = new AtomicReference<>();

    private EventProducer(KafkaProducer<byte[], byte[]> producer, ChangeEvents events) {
        this.producer = producer;
        this.events = events;
    }

    /** A producer that batches, to load a topic fast. */
    static EventProducer bulk(String bootstrapServers, ChangeEvents events) {
        return create(bootstrapServers, events, 10, 256 * 1024);
    }

    /** A producer that sends each record at once, for paced production. */
    static EventProducer immediate(String bootstrapServers, ChangeEvents events) {
        return create(bootstrapServers, events, 0, 16 * 1024);
    }

    private static EventProducer create(String bootstrapServers, ChangeEvents events, int lingerMillis,
                                        int batchBytes) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, lingerMillis,
                ProducerConfig.BATCH_SIZE_CONFIG, batchBytes,
                ProducerConfig.CLIENT_ID_CONFIG, "invalidator-bench-events");
        return new EventProducer(new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()),
                events);
    }

    /** Sends rows {@code firstId .. firstId+count-1} as fast as Kafka takes them and waits for every ack. */
    void produce(String topic, int partitions, int firstId, int count, Progress progress) {
        producer.partitionsFor(topic); // the topic's metadata before the first batch, not in answer to its failure
        for (int i = 0; i < count; i++) {
            send(topic, partitions, firstId + i, Optional.empty());
            progress.update(i + 1L);
        }
        flush(topic);
        progress.done(count);
    }

    /**
     * Sends rows {@code firstId ..} at {@code perSecond}, each at its due time (a late one goes at once, so the
     * average rate holds), for {@code count} rows, noting each one's append time; waits for every ack.
     */
    void producePaced(String topic, int partitions, int firstId, int count, double perSecond, AppendTimes times,
                      Progress progress) {
        producer.partitionsFor(topic);
        double intervalNanos = 1e9 / perSecond;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long wait = start + (long) (i * intervalNanos) - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            send(topic, partitions, firstId + i, Optional.of(times));
            progress.update(i + 1L);
        }
        flush(topic);
        progress.done(count);
    }

    private void send(String topic, int partitions, int id, Optional<AppendTimes> times) {
        int partition = id % partitions;
        producer.send(new ProducerRecord<>(topic, partition, events.key(id), events.value(id)), (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, "topic " + topic + " partition " + partition + " row " + id + ": "
                        + error);
                return;
            }
            try {
                times.ifPresent(t -> t.appended(metadata.partition(), metadata.offset(), metadata.timestamp()));
            } catch (RuntimeException e) {
                failure.compareAndSet(null, "topic " + topic + " partition " + partition + " row " + id + ": "
                        + e.getMessage());
            }
        });
    }

    private void flush(String topic) {
        producer.flush();
        String failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("Kafka did not take every event for " + topic + "; first failure at "
                    + failed);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
