package dev.invalidator.client.broadcast;

import dev.invalidator.schemas.broadcast.BroadcastCause;
import dev.invalidator.schemas.broadcast.BroadcastPosition;
import dev.invalidator.schemas.broadcast.Continuity;
import dev.invalidator.schemas.broadcast.InvalidationBroadcast;
import dev.invalidator.schemas.broadcast.InvalidationBroadcastCodec;
import dev.invalidator.schemas.broadcast.PositionCheck;
import dev.invalidator.schemas.json.DecodeResult;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns received bytes into calls of a {@link BroadcastSubscriber}: decodes, checks each publisher's position
 * against the last one seen, reports what may have been missed, applies, and counts. Used by one thread only.
 */
final class Delivery {

    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

    /** The last position seen from a publisher, and the partition it came from (0 on Pub/Sub). */
    private record Seen(BroadcastPosition position, int partition) {
    }

    private final BroadcastSubscriber subscriber;
    private final GapRule rule;
    private final FollowerCounters counters;
    private final LongSupplier wallClockMillis;
    private final InvalidationBroadcastCodec codec = new InvalidationBroadcastCodec();
    private final Map<String, Seen> seen = new HashMap<>();

    Delivery(BroadcastSubscriber subscriber, GapRule rule, FollowerCounters counters, LongSupplier wallClockMillis) {
        this.subscriber = Objects.requireNonNull(subscriber, "subscriber");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.wallClockMillis = Objects.requireNonNull(wallClockMillis, "wallClockMillis");
    }

    /**
     * Handles one received message.
     *
     * @param value     the message's bytes; null for a Kafka record without a value
     * @param partition where it came from, 0 on Pub/Sub
     * @param where     the message's place for people, e.g. {@code topic t partition 0 offset 12}
     * @throws SubscriberException when the subscriber throws
     */
    void deliver(byte[] value, int partition, String where) {
        if (value == null) {
            missed(MissReason.UNREADABLE_MESSAGE, "message without a value at " + where);
            return;
        }
        DecodeResult<InvalidationBroadcast> decoded = codec.decode(value);
        if (!(decoded instanceof DecodeResult.Decoded<InvalidationBroadcast> valid)) {
            String violations = decoded.violations().stream().map(Object::toString)
                    .collect(Collectors.joining("; "));
            missed(MissReason.UNREADABLE_MESSAGE, "unreadable broadcast at " + where + ": " + violations);
            return;
        }
        InvalidationBroadcast broadcast = valid.message();
        counters.lag(broadcast.publishedAtMillis(), wallClockMillis.getAsLong());
        checkPosition(broadcast.position(), partition, where);
        if (broadcast.cause() instanceof BroadcastCause.Heartbeat && broadcast.invalidatesNothing()) {
            counters.heartbeat();
            return;
        }
        try {
            subscriber.onBroadcast(broadcast);
        } catch (RuntimeException e) {
            throw new SubscriberException("the subscriber failed to apply broadcast " + broadcast.position()
                    + " from " + where, e);
        }
        counters.applied();
    }

    private void checkPosition(BroadcastPosition next, int partition, String where) {
        Seen last = seen.get(next.publisherId());
        BroadcastPosition lastPosition = last == null ? null : last.position();
        Continuity continuity = PositionCheck.classify(lastPosition, next);
        MissReason reason = rule.missed(continuity, last == null || last.partition() == partition);
        // A regressed publisher is followed from where it now is, or each of its later messages would look stale.
        if (continuity.advances() || reason != null) {
            seen.put(next.publisherId(), new Seen(next, partition));
        }
        if (reason != null) {
            missed(reason, describe(continuity, lastPosition, next) + " at " + where);
        }
    }

    private static String describe(Continuity continuity, BroadcastPosition last, BroadcastPosition next) {
        if (continuity instanceof Continuity.Gap gap) {
            return gap.missed() + " message(s) of publisher " + next.publisherId() + " never arrived between "
                    + last + " and " + next;
        }
        if (continuity instanceof Continuity.NewEpoch) {
            return "publisher " + next.publisherId() + " moved from " + last + " to " + next
                    + "; what it sent in between is unknown";
        }
        if (continuity instanceof Continuity.FirstContact first) {
            return first.earlierInEpoch() + " earlier message(s) of publisher " + next.publisherId()
                    + " never arrived before " + next;
        }
        if (continuity instanceof Continuity.StaleEpoch) {
            return "publisher " + next.publisherId() + " went back from " + last + " to " + next;
        }
        return "publisher " + next.publisherId() + " moved from " + last + " to " + next;
    }

    /** Tells the subscriber that messages may have been missed, and counts it. */
    void missed(MissReason reason, String detail) {
        LOG.warn("broadcast messages may have been missed ({}): {}", reason, detail);
        counters.missed(reason);
        try {
            subscriber.onMissed(reason, detail);
        } catch (RuntimeException e) {
            throw new SubscriberException("the subscriber failed to repair after " + reason + ": " + detail, e);
        }
    }

    /** Forgets the publishers last seen on {@code partition}, after a hole there was already reported. */
    void forgetPartition(int partition) {
        seen.values().removeIf(last -> last.partition() == partition);
    }

    /** Forgets every publisher, after a disconnection was already reported. */
    void forgetAll() {
        seen.clear();
    }
}
