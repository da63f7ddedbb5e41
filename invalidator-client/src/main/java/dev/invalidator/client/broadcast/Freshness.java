package dev.invalidator.client.broadcast;

/** Whether a follower is known to have applied everything published up to a moment ago. */
public interface Freshness {
    /** True when, within the follower's staleness bound, it confirmed it was caught up (Kafka: consumed up to the
     *  end offsets of every partition; Pub/Sub: subscribed and a message or heartbeat arrived within the bound,
     *  with no gap since). False e.g. right after the process was paused (SIGSTOP) and resumed, until the
     *  follower has caught up again: readers must then not be served from the near-cache. */
    boolean inSync();
}
