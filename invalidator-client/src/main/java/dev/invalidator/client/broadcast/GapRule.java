package dev.invalidator.client.broadcast;

import dev.invalidator.schemas.broadcast.Continuity;
import java.util.function.BooleanSupplier;

/**
 * Which changes of a publisher's position mean that messages were missed. The answer depends on the transport:
 * Kafka keeps a publisher's messages in order in one partition that the follower reads without holes, Redis
 * Pub/Sub keeps nothing for a subscriber that was away.
 */
interface GapRule {

    /**
     * Why {@code continuity} means messages were missed, or null when it does not.
     *
     * @param samePartition whether the publisher's previous message came from the same partition as this one
     *                      (always true on Pub/Sub)
     */
    MissReason missed(Continuity continuity, boolean samePartition);

    /**
     * Kafka: the follower reads each partition without holes (a hole is reported as {@link
     * MissReason#RETENTION_OVERTAKEN} and the partition's positions forgotten), so a publisher's first message
     * or its new epoch starting at sequence one hides nothing the node could hold.
     */
    static GapRule kafka() {
        return (continuity, samePartition) -> {
            if (continuity instanceof Continuity.Gap) {
                return MissReason.GAP;
            }
            if (continuity instanceof Continuity.NewEpoch newEpoch) {
                // The old epoch's last messages sit before this one in the same partition, and we read them all;
                // messages of the new epoch before this one we should have read too.
                return newEpoch.earlierInEpoch() == 0 && samePartition ? null : MissReason.GAP;
            }
            if (continuity instanceof Continuity.StaleEpoch) {
                // Kafka keeps one publisher's messages in order: an older epoch after a newer one means the
                // publisher went back (lost its epoch counter, or two instances share an id).
                return MissReason.PUBLISHER_REGRESSED;
            }
            return null;
        };
    }

    /**
     * Redis Pub/Sub: nothing tells how many messages an ended epoch sent after the last one seen, so every new
     * epoch counts as missed. A publisher seen for the first time mid-epoch counts as missed once the subscription
     * is {@code settled}: it has lasted longer than a heartbeat interval, so the publisher's previous message was
     * published while this node was listening.
     */
    static GapRule pubSub(BooleanSupplier settled) {
        return (continuity, samePartition) -> {
            if (continuity instanceof Continuity.Gap || continuity instanceof Continuity.NewEpoch) {
                return MissReason.GAP;
            }
            if (continuity instanceof Continuity.FirstContact first) {
                return first.earlierInEpoch() > 0 && settled.getAsBoolean() ? MissReason.GAP : null;
            }
            if (continuity instanceof Continuity.StaleEpoch) {
                return MissReason.PUBLISHER_REGRESSED;
            }
            return null;
        };
    }
}
