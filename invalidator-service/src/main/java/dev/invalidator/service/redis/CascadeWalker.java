package dev.invalidator.service.redis;

import dev.invalidator.schemas.redis.RedisKeyLayout;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Removes the dependents of removed keys, breadth-first through their dependents sets, one level per step: read the
 * dependents sets of the level (pipelined SSCANs), unlink the new dependents with their leases and SREM from each set
 * the members invalidated (one round trip). A key is never visited twice, so cycles end; the depth and fan-out limits
 * stop the walk and are reported, never silently. {@link #reach} walks the same way and removes nothing.
 *
 * <p>On a cluster a dependents set is in its own slot, not its owner key's ({@code inv:deps:product:7} has no hash
 * tag): each set is read and trimmed with single-key commands on its node, and the dependents go to theirs.
 */
final class CascadeWalker {

    private static final Logger LOG = LoggerFactory.getLogger(CascadeWalker.class);

    private final RedisKeyLayout layout;
    private final KeyUnlinker unlinker;
    private final CascadeLimits limits;
    private final int scanCount;

    /**
     * The dependents a walk reached, in the order it reached them, and whether a limit stopped it.
     *
     * @param dependents the keys the walk removes, or would remove (never more than the fan-out limit)
     */
    record Reach(List<String> dependents, boolean depthLimitReached, boolean fanOutLimitReached) {
    }

    /** What each level of the walk does with the dependents it newly reached. */
    @FunctionalInterface
    private interface LevelStep {
        /**
         * @param next     the dependents reached for the first time on this level, within the limits
         * @param members  the members read from each dependents set of the level, keyed by the set's name
         * @param visited  every key reached so far, the level's own included
         */
        void take(List<String> next, Map<String, List<String>> members, Set<String> visited);
    }

    CascadeWalker(RedisKeyLayout layout, KeyUnlinker unlinker, CascadeLimits limits, int scanCount) {
        this.layout = layout;
        this.unlinker = unlinker;
        this.limits = limits;
        this.scanCount = scanCount;
    }

    /** @param removedKeys the keys already removed, from which the walk starts */
    void walk(RedisNodes nodes, Collection<String> removedKeys, Tally tally) {
        traverse(nodes, removedKeys, tally,
                (next, members, visited) -> removeLevel(nodes, next, members, visited, tally));
    }

    /** The dependents a {@link #walk} from {@code startKeys} would remove now, read with SSCAN only. */
    Reach reach(RedisNodes nodes, Collection<String> startKeys) {
        Tally tally = new Tally();
        List<String> reached = new ArrayList<>();
        traverse(nodes, startKeys, tally, (next, members, visited) -> reached.addAll(next));
        ApplyResult limitsHit = tally.result();
        return new Reach(reached, limitsHit.depthLimitReached(), limitsHit.fanOutLimitReached());
    }

    private void traverse(RedisNodes nodes, Collection<String> startKeys, Tally tally, LevelStep step) {
        Set<String> visited = new HashSet<>(startKeys);
        List<String> level = new ArrayList<>(visited);
        int reachedDependents = 0;
        for (int depth = 1; !level.isEmpty(); depth++) {
            Map<String, List<String>> members = readDependents(nodes, level, tally);
            // One level past the limit is read, not taken: only so that the result can say whether it cut anything.
            if (depth > limits.maxDepth()) {
                if (anyUnvisited(members, visited)) {
                    tally.depthLimitReached();
                }
                return;
            }
            List<String> next = new ArrayList<>();
            for (List<String> dependents : members.values()) {
                for (String dependent : dependents) {
                    if (visited.contains(dependent)) {
                        continue;
                    }
                    if (reachedDependents == limits.maxFanOut()) {
                        tally.fanOutLimitReached();
                        break;
                    }
                    visited.add(dependent);
                    next.add(dependent);
                    reachedDependents++;
                }
            }
            if (!members.isEmpty()) {
                step.take(next, members, visited);
            }
            level = next;
        }
    }

    /** The members of the dependents set of each key, keyed by the set's name; empty sets left out. */
    private Map<String, List<String>> readDependents(RedisNodes nodes, List<String> keys, Tally tally) {
        Map<String, List<String>> members = new LinkedHashMap<>();
        Map<String, String> cursors = new LinkedHashMap<>();
        for (String key : keys) {
            cursors.put(layout.dependentsKey(key), ScanParams.SCAN_POINTER_START);
        }
        ScanParams params = new ScanParams().count(scanCount);
        // Every set of the level advances one page per round trip, so a level costs as many round trips as its
        // largest set has pages.
        while (!cursors.isEmpty()) {
            Map<String, Response<ScanResult<String>>> pages = new LinkedHashMap<>();
            try (RoundTrip trip = nodes.roundTrip()) {
                cursors.forEach((setKey, cursor) -> pages.put(setKey,
                        trip.forKey(setKey).sscan(setKey, cursor, params)));
                tally.roundTrips(trip.sync());
            }
            cursors.clear();
            pages.forEach((setKey, response) -> {
                ScanResult<String> page = response.get();
                for (String member : page.getResult()) {
                    if (layout.isLayoutKey(member)) {
                        LOG.warn("skipping member '{}' of {}: it is in the invalidator's namespace, not a cache key",
                                member, setKey);
                    } else {
                        members.computeIfAbsent(setKey, k -> new ArrayList<>()).add(member);
                    }
                }
                if (!page.isCompleteIteration()) {
                    cursors.put(setKey, page.getCursor());
                }
            });
        }
        return members;
    }

    private static boolean anyUnvisited(Map<String, List<String>> members, Set<String> visited) {
        return members.values().stream().flatMap(List::stream).anyMatch(member -> !visited.contains(member));
    }

    /**
     * Unlinks this level's new dependents and SREMs from each set read the members invalidated by this walk, now or
     * earlier. Members left by the fan-out limit stay in their sets, so a later cascade still finds them.
     */
    private void removeLevel(RedisNodes nodes, List<String> next, Map<String, List<String>> members,
                             Set<String> visited, Tally tally) {
        KeyUnlinker.Pending unlinked;
        List<Response<Long>> srems = new ArrayList<>();
        try (RoundTrip trip = nodes.roundTrip()) {
            unlinked = unlinker.queue(trip, next);
            members.forEach((setKey, dependents) -> {
                String[] invalidated = dependents.stream().filter(visited::contains).toArray(String[]::new);
                if (invalidated.length > 0) {
                    srems.add(trip.forKey(setKey).srem(setKey, invalidated));
                }
            });
            tally.roundTrips(trip.sync());
        }
        tally.dependentsUnlinked(unlinked.get());
        // Read so that an error reply (a dependents set that is not a set) is thrown, not ignored.
        srems.forEach(Response::get);
    }
}
