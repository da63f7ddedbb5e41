package dev.invalidator.service.redis;

import dev.invalidator.schemas.redis.RedisKeyLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Invalidates a tag: reads its set in SSCAN batches (a tag may hold millions of keys, too many for one SMEMBERS
 * reply), unlinks each batch's keys with their leases, then SREMs exactly the members read. The set itself is never
 * deleted: a key a client added while this ran must keep its membership (REDIS-LAYOUT.md, tag sets). On a cluster the
 * set and its members may each be in any slot: the set is read and trimmed with single-key commands on its node, and
 * the members go to theirs.
 */
final class TagRemover {

    private static final Logger LOG = LoggerFactory.getLogger(TagRemover.class);

    private final RedisKeyLayout layout;
    private final KeyUnlinker unlinker;
    private final int scanCount;

    TagRemover(RedisKeyLayout layout, KeyUnlinker unlinker, int scanCount) {
        this.layout = layout;
        this.unlinker = unlinker;
        this.scanCount = scanCount;
    }

    /**
     * @param removedKeys receives each batch of cache keys once removed (the cascade starts from them)
     */
    void remove(RedisNodes nodes, String tag, Tally tally, Consumer<List<String>> removedKeys) {
        String setKey = layout.tagSetKey(tag);
        ScanParams params = new ScanParams().count(scanCount);
        String cursor = ScanParams.SCAN_POINTER_START;
        boolean scanning = true;
        List<String> batch = List.of();
        // Each round trip removes the previous batch and reads the next one, so a tag costs about one round trip
        // per batch. SSCAN still returns every member present for the whole scan while earlier batches go.
        while (scanning || !batch.isEmpty()) {
            KeyUnlinker.Pending unlinked = null;
            Response<Long> srem = null;
            Response<ScanResult<String>> scan = null;
            try (RoundTrip trip = nodes.roundTrip()) {
                if (!batch.isEmpty()) {
                    unlinked = unlinker.queue(trip, batch);
                    srem = trip.forKey(setKey).srem(setKey, batch.toArray(String[]::new));
                }
                if (scanning) {
                    scan = trip.forKey(setKey).sscan(setKey, cursor, params);
                }
                tally.roundTrips(trip.sync());
            }
            if (unlinked != null) {
                tally.keysUnlinked(unlinked.get());
                tally.tagMembersRemoved(srem.get());
                removedKeys.accept(batch);
            }
            if (scan != null) {
                ScanResult<String> page = scan.get();
                batch = cacheKeysOnly(setKey, page.getResult());
                cursor = page.getCursor();
                scanning = !page.isCompleteIteration();
            } else {
                batch = List.of();
            }
        }
    }

    // A member in the invalidator's namespace is a client bug; removing it could delete a lease or another tag set.
    private List<String> cacheKeysOnly(String setKey, List<String> members) {
        List<String> keys = new ArrayList<>(members.size());
        for (String member : members) {
            if (layout.isLayoutKey(member)) {
                LOG.warn("skipping member '{}' of {}: it is in the invalidator's namespace, not a cache key",
                        member, setKey);
            } else {
                keys.add(member);
            }
        }
        return keys;
    }
}
