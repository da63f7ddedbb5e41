package dev.invalidator.schemas.golden;

import dev.invalidator.schemas.change.RecordCoordinates;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One record of a golden sample: what the embedded Debezium engine handed over, with key and value as the exact JSON
 * text the converter produced.
 *
 * @param topic     the destination topic Debezium chose
 * @param partition always 0 (the embedded engine does not partition)
 * @param offset    the record's place in its sample file, from 0
 * @param key       the key JSON text, or null when the record has no key (truncate, transaction markers keep one)
 * @param value     the value JSON text, or null for a tombstone
 * @param headers   header name to header value (JSON text), in the order Debezium added them
 */
public record GoldenRecord(String topic, int partition, long offset, String key, String value,
                           Map<String, String> headers) {

    public GoldenRecord {
        Objects.requireNonNull(topic, "topic");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers == null ? Map.of() : headers));
    }

    /** The key as the bytes a Kafka consumer would see (UTF-8 of the JSON text), or null. */
    public byte[] keyBytes() {
        return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    }

    /** The value as the bytes a Kafka consumer would see (UTF-8 of the JSON text), or null for a tombstone. */
    public byte[] valueBytes() {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    public boolean isTombstone() {
        return value == null;
    }

    /** Where this record sits, for readers that name the record in errors. */
    public RecordCoordinates coordinates() {
        return new RecordCoordinates(topic, partition, offset);
    }
}
