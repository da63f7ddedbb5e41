package dev.invalidator.service.redis;

import dev.invalidator.schemas.redis.HashTag;
import dev.invalidator.schemas.redis.RedisKeyLayout;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * Removes cache keys together with their lease markers, in large chunks queued on a round trip. On a Redis Cluster
 * a chunk holds the keys of one hash slot, since a command or script may not name keys of several slots.
 *
 * <p>Each chunk is one {@code UNLINK key… lease…}, so that a key and its lease go in one command as the lease protocol
 * requires (REDIS-LAYOUT.md). It runs inside a small script only to count: UNLINK returns one total, and the script
 * counts the leases with EXISTS just before, atomically, so keys and leases are reported apart and exactly.
 */
final class KeyUnlinker {

    // KEYS: ARGV[1] cache keys, then the lease keys of those that can have one.
    private static final String UNLINK_WITH_LEASES = """
            local n = tonumber(ARGV[1])
            local leases = 0
            if #KEYS > n then
              leases = redis.call('EXISTS', unpack(KEYS, n + 1))
            end
            local total = redis.call('UNLINK', unpack(KEYS))
            return {total - leases, leases}
            """;

    private final RedisKeyLayout layout;
    private final RedisNodes nodes;
    private final int chunkSize;

    /**
     * @param nodes     how keys must be grouped: on a cluster, one chunk holds keys of one slot only, and each key's
     *                  lease shares its slot (REDIS-LAYOUT.md)
     * @param chunkSize cache keys per UNLINK; each brings its lease, so a command names up to twice as many keys.
     *                  Lua's unpack takes up to about 8,000 values, hence the cap.
     */
    KeyUnlinker(RedisKeyLayout layout, RedisNodes nodes, int chunkSize) {
        if (chunkSize < 1 || chunkSize > 3_000) {
            throw new IllegalArgumentException("chunkSize must be in 1..3000, was " + chunkSize);
        }
        this.layout = layout;
        this.nodes = nodes;
        this.chunkSize = chunkSize;
    }

    /**
     * Queues the removal of {@code keys} and their leases, each chunk to the node serving its keys; the counts are
     * readable after the round trip's sync.
     */
    Pending queue(RoundTrip trip, Collection<String> keys) {
        List<Response<Object>> responses = new ArrayList<>();
        // Distinct keys only: a scan may return a key twice, and EXISTS would count its lease twice where UNLINK
        // removes it once.
        for (List<String> chunk : nodes.chunks(new LinkedHashSet<>(keys), chunkSize)) {
            responses.add(queueChunk(trip.forKey(chunk.get(0)), chunk));
        }
        return new Pending(responses);
    }

    private Response<Object> queueChunk(Pipeline pipeline, List<String> cacheKeys) {
        List<String> names = new ArrayList<>(cacheKeys.size() * 2);
        names.addAll(cacheKeys);
        for (String key : cacheKeys) {
            if (hasLeaseKey(key)) {
                names.add(layout.leaseKey(key));
            }
        }
        return pipeline.eval(UNLINK_WITH_LEASES, names, List.of(Integer.toString(cacheKeys.size())));
    }

    /**
     * A key containing '}' without a valid hash tag can have no lease marker (the layout rejects it, and so no client
     * could have taken one); it is still unlinked, alone, so that its value does not survive.
     */
    private boolean hasLeaseKey(String key) {
        return key.indexOf('}') < 0 || HashTag.of(key).isPresent();
    }

    /** Counts of queued UNLINKs, valid once the pipeline is synced. */
    static final class Pending {
        private final List<Response<Object>> responses;

        private Pending(List<Response<Object>> responses) {
            this.responses = responses;
        }

        Unlinked get() {
            Unlinked total = Unlinked.NONE;
            for (Response<Object> response : responses) {
                List<?> counts = (List<?>) response.get();
                total = total.plus(new Unlinked((Long) counts.get(0), (Long) counts.get(1)));
            }
            return total;
        }
    }
}
