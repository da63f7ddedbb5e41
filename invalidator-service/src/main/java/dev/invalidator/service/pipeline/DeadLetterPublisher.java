package dev.invalidator.service.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends records the pipeline could not use to the dead-letter topic, unchanged, with headers naming the reason and
 * where they came from, and waits until Kafka acknowledged every one ({@code acks=all}).
 */
public final class DeadLetterPublisher implements AutoCloseable {

    private final Producer<byte[], byte[]> producer;
    private final String topic;

    DeadLetterPublisher(Producer<byte[], byte[]> producer, String topic) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    public static DeadLetterPublisher create(PipelineSettings settings) {
        Map<String, Object> config = new HashMap<>(settings.kafkaOverrides());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, settings.groupId() + "-dead-letters");
        return new DeadLetterPublisher(
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()),
                settings.deadLetterTopic());
    }

    /**
     * Sends every letter and waits for every acknowledgement.
     *
     * @throws DeadLetterException naming the first letter Kafka did not acknowledge
     */
    public void publish(List<DeadLetter> letters) throws InterruptedException {
        List<Future<RecordMetadata>> sent = new ArrayList<>(letters.size());
        for (DeadLetter letter : letters) {
            try {
                sent.add(producer.send(record(letter)));
            } catch (KafkaException e) {
                throw new DeadLetterException(letter, topic, e);
            }
        }
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get();
            } catch (ExecutionException e) {
                throw new DeadLetterException(letters.get(i), topic, e.getCause());
            }
        }
    }

    private ProducerRecord<byte[], byte[]> record(DeadLetter letter) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetter.REASON_HEADER, utf8(letter.reason()));
        headers.add(DeadLetter.TOPIC_HEADER, utf8(letter.topic()));
        headers.add(DeadLetter.PARTITION_HEADER, utf8(Integer.toString(letter.partition())));
        headers.add(DeadLetter.OFFSET_HEADER, utf8(Long.toString(letter.offset())));
        return new ProducerRecord<>(topic, null, letter.key(), letter.value(), headers);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The producer, only to read its metrics. */
    Producer<byte[], byte[]> producer() {
        return producer;
    }

    @Override
    public void close() {
        producer.close();
    }
}
