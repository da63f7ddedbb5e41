package dev.invalidator.schemas.broadcast;

/**
 * How a newly received broadcast relates to the last one a subscriber saw from the same publisher; the answer of
 * {@link PositionCheck#classify}.
 *
 * <p>Whatever the answer, applying the message's invalidation is harmless (invalidations are idempotent), so a
 * subscriber may apply duplicates and stale messages too; what it must not do is move its position backwards.
 */
public sealed interface Continuity {

    /** Whether the subscriber should remember the new position as the last one seen from its publisher. */
    boolean advances();

    /**
     * Whether the subscriber has provably missed messages of a publisher it was following, and so must repair its
     * near-cache (clear it, or resync) before trusting it again.
     */
    boolean missedMessages();

    /**
     * The first message this subscriber sees from the publisher.
     *
     * @param earlierInEpoch how many messages the publisher sent in this epoch before this one. Whether they matter
     *                       depends on the subscriber, which is why this answer does not count as missed: a subscriber
     *                       that has just started has no entries they could concern; one that was already running
     *                       when a new publisher appeared mid-epoch should treat a non-zero count as a gap.
     */
    record FirstContact(long earlierInEpoch) implements Continuity {
        @Override
        public boolean advances() {
            return true;
        }

        @Override
        public boolean missedMessages() {
            return false;
        }
    }

    /** The next expected message: same epoch, sequence one more than the last seen. */
    record InOrder() implements Continuity {
        @Override
        public boolean advances() {
            return true;
        }

        @Override
        public boolean missedMessages() {
            return false;
        }
    }

    /** A message at or before the last seen one in the same epoch: a redelivery or a replay. */
    record Duplicate() implements Continuity {
        @Override
        public boolean advances() {
            return false;
        }

        @Override
        public boolean missedMessages() {
            return false;
        }
    }

    /**
     * Same epoch, but messages between the last seen and this one never arrived.
     *
     * @param missed how many: {@code sequence - lastSeen.sequence - 1}, at least 1
     */
    record Gap(long missed) implements Continuity {
        @Override
        public boolean advances() {
            return true;
        }

        @Override
        public boolean missedMessages() {
            return true;
        }
    }

    /**
     * The publisher restarted: this message belongs to a later epoch than the last seen. Nothing tells how many
     * messages the earlier epoch sent after the last one seen, so this always counts as missed.
     *
     * @param previousEpoch  the epoch of the last message seen
     * @param earlierInEpoch how many messages the publisher sent in the new epoch before this one
     */
    record NewEpoch(long previousEpoch, long earlierInEpoch) implements Continuity {
        @Override
        public boolean advances() {
            return true;
        }

        @Override
        public boolean missedMessages() {
            return true;
        }
    }

    /**
     * A late message from an earlier epoch than the last seen: that run of the publisher has ended and the
     * subscriber already handled its end when it saw the newer epoch.
     */
    record StaleEpoch() implements Continuity {
        @Override
        public boolean advances() {
            return false;
        }

        @Override
        public boolean missedMessages() {
            return false;
        }
    }
}
