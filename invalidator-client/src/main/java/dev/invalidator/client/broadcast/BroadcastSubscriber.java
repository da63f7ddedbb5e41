package dev.invalidator.client.broadcast;

import dev.invalidator.schemas.broadcast.InvalidationBroadcast;

/** What a broadcast follower tells: applied by one thread, in order. */
public interface BroadcastSubscriber {
    /** Apply one broadcast's keys, patterns, tags (and clearAll). Heartbeats carry nothing to apply. */
    void onBroadcast(InvalidationBroadcast broadcast);
    /** Messages may have been missed (gap, retention overtook, disconnection, unreadable message, ...): drop
     *  everything that cannot be proven fresh (at worst everything) and count why. */
    void onMissed(MissReason reason, String detail);
    /** Called once when a follower starts delivering to this subscriber. */
    default void followedBy(Freshness freshness) { }
}
