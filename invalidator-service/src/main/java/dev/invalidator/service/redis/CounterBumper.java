package dev.invalidator.service.redis;

import dev.invalidator.schemas.redis.RedisKeyLayout;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import redis.clients.jedis.Response;

/**
 * Invalidates without deleting: one {@code INCR} per version counter of a versioned key, or per generation counter
 * of a generation-based tag (REDIS-LAYOUT.md). Whatever the number of values cached under older versions or
 * generations, each costs one increment; the client no longer reads those values, and their TTL removes them.
 * Each counter is a single key, so on a cluster each INCR goes to the node of its own slot.
 */
final class CounterBumper {

    private final RedisKeyLayout layout;

    CounterBumper(RedisKeyLayout layout) {
        this.layout = layout;
    }

    /** Increments the version counters of {@code versionedKeys} and the generations of {@code generationTags}. */
    void bump(RedisNodes nodes, Collection<String> versionedKeys, Collection<String> generationTags, Tally tally) {
        if (versionedKeys.isEmpty() && generationTags.isEmpty()) {
            return;
        }
        List<Response<Long>> versions = new ArrayList<>(versionedKeys.size());
        List<Response<Long>> generations = new ArrayList<>(generationTags.size());
        try (RoundTrip trip = nodes.roundTrip()) {
            for (String key : versionedKeys) {
                String counter = layout.versionKey(key);
                versions.add(trip.forKey(counter).incr(counter));
            }
            for (String tag : generationTags) {
                String counter = layout.tagGenerationKey(tag);
                generations.add(trip.forKey(counter).incr(counter));
            }
            tally.roundTrips(trip.sync());
        }
        // Reading each reply makes a failed INCR (a counter holding something else than an integer) an error here.
        versions.forEach(Response::get);
        generations.forEach(Response::get);
        tally.versionsBumped(versions.size());
        tally.tagGenerationsBumped(generations.size());
    }
}
