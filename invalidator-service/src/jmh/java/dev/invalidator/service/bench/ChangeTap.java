package dev.invalidator.service.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the change topic beside the service, outside its group, and notes per write its commit time in PostgreSQL
 * ({@code source.ts_us}: the commit record's timestamp, in microseconds) and when the broker appended the record (the
 * topic's {@code LogAppendTime}, in milliseconds). Its own delay does not matter: it records timestamps the records
 * carry.
 */
final class ChangeTap implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final WriteTimes commits;
    private final WriteTimes appends;
    private final Thread thread;
    private volatile boolean closing;
    private volatile RuntimeException failure;

    private ChangeTap(KafkaConsumer<byte[], byte[]> consumer, WriteTimes commits, WriteTimes appends) {
        this.consumer = consumer;
        this.commits = commits;
        this.appends = appends;
        this.thread = new Thread(this::loop, "bench-change-tap");
    }

    static ChangeTap start(String bootstrapServers, String topic, int partitions, long writes) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "bench-change-tap",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> assigned = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            assigned.add(new TopicPartition(topic, p));
        }
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        ChangeTap tap = new ChangeTap(consumer, new WriteTimes(writes), new WriteTimes(writes));
        tap.thread.start();
        return tap;
    }

    private void loop() {
        try {
            while (!closing) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    note(record);
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                failure = e;
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close();
        }
    }

    private void note(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
        // The first "seq" is the after image's (the before image of an update is null under the default replica
        // identity; "sequence" in source does not match), the first "ts_us" is source's. Looking them up rather
        // than parsing the whole event keeps the tap's share of the two cores small.
        String value = new String(record.value(), StandardCharsets.ISO_8859_1);
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        long seq = number(value, "\"seq\":", where);
        commits.set(seq, number(value, "\"ts_us\":", where));
        appends.set(seq, record.timestamp() * 1_000);
    }

    /** The number after the first {@code field} (with its quotes and colon) in {@code json}. */
    static long number(String json, String field, String where) {
        int at = json.indexOf(field);
        if (at < 0) {
            throw new IllegalStateException("change record at " + where + " has no " + field + ": " + json);
        }
        int start = at + field.length();
        int end = start;
        while (end < json.length() && (json.charAt(end) == '-' || Character.isDigit(json.charAt(end)))) {
            end++;
        }
        return Long.parseLong(json.substring(start, end));
    }

    /** Per write, its commit time in PostgreSQL. */
    WriteTimes commits() {
        return commits;
    }

    /** Per write, when Kafka appended its change record (millisecond resolution). */
    WriteTimes appends() {
        return appends;
    }

    void check() {
        if (failure != null) {
            throw new IllegalStateException("reading the change topic failed: " + failure.getMessage(), failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        consumer.wakeup();
        thread.join();
    }
}
