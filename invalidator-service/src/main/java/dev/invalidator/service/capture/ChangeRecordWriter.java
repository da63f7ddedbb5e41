package dev.invalidator.service.capture;

import io.debezium.engine.ChangeEvent;
import io.debezium.engine.Header;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes the engine's records to Kafka as Kafka Connect would: the record's destination as the topic, its partition
 * when the connector chose one (else the key's hash), the converters' JSON as key, value and headers.
 */
final class ChangeRecordWriter implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final ChangeTopics topics;

    ChangeRecordWriter(String sourceName, String bootstrapServers, Map<String, String> kafkaClient,
                       ChangeTopics topics) {
        Map<String, Object> settings = new HashMap<>(kafkaClient);
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "invalidator-capture-" + sourceName);
        settings.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
        // Not overridable: a record is marked processed on this acknowledgement, so it must mean "stored".
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
        this.topics = topics;
    }

    /**
     * Sends the records in order and waits until Kafka acknowledged every one.
     *
     * @throws CaptureException naming the first record Kafka did not take; none of the batch counts as written
     */
    void writeAll(List<ChangeEvent<String, String>> events) throws InterruptedException {
        List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
        for (ChangeEvent<String, String> event : events) {
            topics.ensure(event.destination());
            acks.add(producer.send(toRecord(event)));
        }
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get();
            } catch (ExecutionException e) {
                throw new CaptureException("Kafka did not take the change record for topic "
                        + events.get(i).destination() + " (key " + events.get(i).key() + "): "
                        + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    static ProducerRecord<byte[], byte[]> toRecord(ChangeEvent<String, String> event) {
        RecordHeaders headers = new RecordHeaders();
        for (Header<Object> header : event.<Object>headers()) {
            headers.add(header.getKey(), bytes(header.getValue()));
        }
        return new ProducerRecord<>(event.destination(), event.partition(), utf8(event.key()), utf8(event.value()),
                headers);
    }

    private static byte[] bytes(Object value) {
        if (value == null || value instanceof byte[]) {
            return (byte[]) value;
        }
        return value.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
