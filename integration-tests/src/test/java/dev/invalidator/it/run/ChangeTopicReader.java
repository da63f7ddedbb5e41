package dev.invalidator.it.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.ChangeEventReader;
import dev.invalidator.schemas.change.ColumnValue;
import dev.invalidator.schemas.change.ReadResult;
import dev.invalidator.schemas.change.Tombstone;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a test's change topics from their beginning as the capture writes them, and keeps what it saw as
 * {@code "<table> <op>:<id>"} ({@code "products c:5"}), {@code "<table> t"} for a truncate and
 * {@code "<table> tombstone"}, in the order of each topic.
 */
final class ChangeTopicReader implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ChangeEventReader reader = ChangeEventReader.builder().build();
    private final List<String> seen = new ArrayList<>();

    /** Follows every topic matching {@code topics}, those created later included (found within half a second). */
    ChangeTopicReader(String bootstrapServers, Pattern topics) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "change-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(topics);
    }

    /** Reads for {@code time}; returns everything seen so far. */
    List<String> readFor(Duration time) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(time)) {
            String table = record.topic().substring(record.topic().lastIndexOf('.') + 1);
            ReadResult result = reader.read(record.key(), record.value());
            if (result instanceof ChangeEvent event) {
                seen.add(table + " " + event.op().code() + (event.key() == null ? ""
                        : ":" + ((ColumnValue.Known) event.key().find("id").orElseThrow()).render()));
            } else if (result instanceof Tombstone) {
                seen.add(table + " tombstone");
            } else {
                seen.add(table + " unexpected " + result);
            }
        }
        return List.copyOf(seen);
    }

    /** Waits until every one of {@code expected} was seen (in any order, others besides); returns all seen. */
    List<String> awaitSeen(Collection<String> expected, Duration timeout) {
        await("change records " + expected).atMost(timeout).pollInterval(Duration.ZERO)
                .untilAsserted(() -> assertThat(readFor(Duration.ofMillis(200))).containsAll(expected));
        return List.copyOf(seen);
    }

    /** How many records seen so far are {@code entry}. */
    long count(String entry) {
        return seen.stream().filter(entry::equals).count();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
