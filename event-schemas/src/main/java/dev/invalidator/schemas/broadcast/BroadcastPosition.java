package dev.invalidator.schemas.broadcast;

import dev.invalidator.schemas.json.FieldChecks;

/**
 * Where a broadcast sits in its publisher's stream; lets a subscriber notice missed messages even on Redis Pub/Sub,
 * which has no offsets. {@link PositionCheck} compares two positions.
 *
 * <p>The publisher's contract: {@code publisherId} is stable across its restarts and unique among running
 * instances; {@code epoch} grows at every start (INCR on {@code RedisKeyLayout.publisherEpochKey}); {@code sequence}
 * is {@value #FIRST_SEQUENCE} for the first message of an epoch and one more for each message after it, heartbeats
 * included. On Kafka, records are keyed by {@code publisherId} so one publisher's messages keep their order.
 *
 * @param publisherId stable id of the publishing service instance
 * @param epoch       which run of that publisher; grows with every restart
 * @param sequence    the message's number within the epoch, from {@value #FIRST_SEQUENCE}
 */
public record BroadcastPosition(String publisherId, long epoch, long sequence) {

    public static final long FIRST_SEQUENCE = 1;
    /** Largest epoch and sequence: 2^53 - 1, the largest integer every JSON parser reads exactly. */
    public static final long MAX_COUNTER = 9_007_199_254_740_991L;
    public static final int MAX_PUBLISHER_ID_LENGTH = 200;

    public BroadcastPosition {
        FieldChecks.text(publisherId, "/position/publisherId", 1, MAX_PUBLISHER_ID_LENGTH);
        FieldChecks.range(epoch, "/position/epoch", 0, MAX_COUNTER);
        FieldChecks.range(sequence, "/position/sequence", FIRST_SEQUENCE, MAX_COUNTER);
    }

    /** The position of a publisher's first message in {@code epoch}. */
    public static BroadcastPosition first(String publisherId, long epoch) {
        return new BroadcastPosition(publisherId, epoch, FIRST_SEQUENCE);
    }

    /** The position of the publisher's next message in the same epoch. */
    public BroadcastPosition next() {
        return new BroadcastPosition(publisherId, epoch, sequence + 1);
    }

    @Override
    public String toString() {
        return publisherId + "@" + epoch + "#" + sequence;
    }
}
