package dev.invalidator.schemas.change;

/**
 * One recorded Kafka record: the exact key and value bytes Debezium produced, and where it was read.
 *
 * @param source where the sample lives, {@code file:line}, to name it in failures
 * @param topic  the topic, or null when the recording did not say
 * @param key    the key bytes, null for a record without key
 * @param value  the value bytes, null for a tombstone
 */
record FuzzSeed(String source, String topic, int partition, long offset, byte[] key, byte[] value) {

    RecordBytes bytes() {
        return new RecordBytes(key, value);
    }

    /** The coordinates a consumer would pass for this record; null when the recording has no topic. */
    RecordCoordinates coordinates() {
        return topic == null ? null : new RecordCoordinates(topic, partition, offset);
    }

    @Override
    public String toString() {
        return source;
    }
}
