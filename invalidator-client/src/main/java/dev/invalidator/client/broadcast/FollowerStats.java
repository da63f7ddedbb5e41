package dev.invalidator.client.broadcast;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of what a {@link BroadcastFollower} has done since it started; plain numbers, like Caffeine's
 * {@code CacheStats}, for the caller to export to whatever metrics system it uses.
 *
 * @param messagesApplied broadcasts handed to {@link BroadcastSubscriber#onBroadcast} (heartbeats are not)
 * @param heartbeats      heartbeats received
 * @param missed          how often messages may have been missed, by reason; every reason is present. Each one is
 *                        a call of {@link BroadcastSubscriber#onMissed}, that is a repair of the subscriber
 * @param lastLag         now minus the publish time of the last message received (heartbeats included), by the
 *                        two clocks; zero before the first message and when the publisher's clock is ahead
 * @param maxLag          the largest {@code lastLag} seen
 */
public record FollowerStats(long messagesApplied, long heartbeats, Map<MissReason, Long> missed, Duration lastLag,
                            Duration maxLag) {

    public FollowerStats {
        Objects.requireNonNull(missed, "missed");
        Objects.requireNonNull(lastLag, "lastLag");
        Objects.requireNonNull(maxLag, "maxLag");
        EnumMap<MissReason, Long> complete = new EnumMap<>(MissReason.class);
        for (MissReason reason : MissReason.values()) {
            complete.put(reason, missed.getOrDefault(reason, 0L));
        }
        missed = Map.copyOf(complete);
    }

    /** How often messages may have been missed for {@code reason}. */
    public long missed(MissReason reason) {
        return missed.get(reason);
    }

    /** How often the subscriber was told to repair, for any reason: the sum of {@link #missed()}. */
    public long repairs() {
        return missed.values().stream().mapToLong(Long::longValue).sum();
    }
}
