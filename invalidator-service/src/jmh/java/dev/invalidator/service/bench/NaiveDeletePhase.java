package dev.invalidator.service.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import redis.clients.jedis.Jedis;

/**
 * The baseline, what people write first: parse each record with Jackson, {@code DEL} its key with one synchronous
 * command, commit after each poll.
 */
final class NaiveDeletePhase {

    static final String NAME = "naive DEL per event";

    private NaiveDeletePhase() {
    }

    /** Sets the keys of rows {@code 0 .. expected-1}, deletes them the naive way, counts the keys it removed. */
    static PhaseResult run(BenchEnvironment env, String topic, int expected, CacheKeys keys, PrintStream out) {
        keys.set(expected);
        Progress progress = new Progress(out, NAME + " " + topic, expected);
        StallGuard stall = new StallGuard(NAME + " of " + topic);
        ObjectMapper mapper = new ObjectMapper();
        long start = System.nanoTime();
        long end;
        long read = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = Consumers.create(env.bootstrapServers(),
                env.names().group("naive-" + topic));
             Jedis redis = CacheKeys.connect(env.redis())) {
            consumer.subscribe(List.of(topic));
            while (read < expected) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    if (record.value() != null) {
                        redis.del(env.names().cacheKey(rowId(mapper, record)));
                    }
                }
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
                read += records.count();
                progress.update(read);
                stall.check(read, expected);
            }
            end = System.nanoTime();
            progress.done(read);
        }
        return PhaseResult.measured(NAME, read, start, end, OptionalLong.of(expected - keys.present(expected)));
    }

    private static long rowId(ObjectMapper mapper, ConsumerRecord<byte[], byte[]> record) {
        try {
            JsonNode root = mapper.readTree(record.value());
            JsonNode payload = root.has("payload") ? root.get("payload") : root;
            JsonNode row = payload.path("after").isObject() ? payload.get("after") : payload.path("before");
            return row.path("id").asLong();
        } catch (IOException e) {
            throw new IllegalStateException("topic " + record.topic() + " partition " + record.partition() + " offset "
                    + record.offset() + " is not JSON: " + e.getMessage(), e);
        }
    }
}
