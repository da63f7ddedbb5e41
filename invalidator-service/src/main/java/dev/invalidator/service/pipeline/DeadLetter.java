package dev.invalidator.service.pipeline;

import java.util.Objects;

/**
 * A record the pipeline could not use, to be sent to the dead-letter topic as it was, with why.
 *
 * @param topic     the topic it was read from
 * @param partition its partition
 * @param offset    its offset
 * @param key       its key bytes, unchanged (may be null)
 * @param value     its value bytes, unchanged (may be null)
 * @param reason    why it was set aside, in words
 */
public record DeadLetter(String topic, int partition, long offset, byte[] key, byte[] value, String reason) {

    /** Header names on a dead-lettered record. */
    public static final String REASON_HEADER = "invalidator.reason";
    public static final String TOPIC_HEADER = "invalidator.original.topic";
    public static final String PARTITION_HEADER = "invalidator.original.partition";
    public static final String OFFSET_HEADER = "invalidator.original.offset";

    public DeadLetter {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(reason, "reason");
    }

    public String coordinates() {
        return "topic " + topic + " partition " + partition + " offset " + offset;
    }
}
