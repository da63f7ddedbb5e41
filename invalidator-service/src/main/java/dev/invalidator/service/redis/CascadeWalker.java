package dev.invalidator.service.redis;

import dev.invalidator.schemas.redis.RedisKeyLayout;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Removes the dependents of removed keys, breadth-first through their dependents sets, one level per step: read the
 * dependents sets of the level (pipelined SSCANs), unlink the new dependents with their leases and SREM from each set
 * the members invalidated (one pipeline). A key is never visited twice, so cycles end; the depth and fan-out limits
 * stop the walk and are reported, never silently.
 */
final class CascadeWalker {

    private static final Logger LOG = LoggerFactory.getLogger(CascadeWalker.class);

    private final RedisKeyLayout layout;
    private final KeyUnlinker unlinker;
    private final CascadeLimits limits;
    private final int scanCount;

    CascadeWalker(RedisKeyLayout layout, KeyUnlinker unlinker, CascadeLimits limits, int scanCount) {
        this.layout = layout;
        this.unlinker = unlinker;
        this.limits = limits;
        this.scanCount = scanCount;
    }

    /** @param removedKeys the keys already removed, from which the walk starts */
    void walk(Supplier<Pipeline> pipelines, Collection<String> removedKeys, Tally tally) {
        Set<String> visited = new HashSet<>(removedKeys);
        List<String> level = new ArrayList<>(visited);
        int removedDependents = 0;
        for (int depth = 1; !level.isEmpty(); depth++) {
            Map<String, List<String>> members = readDependents(pipelines, level, tally);
            // One level past the limit is read, not removed: only so that the result can say whether it cut anything.
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
                    if (removedDependents == limits.maxFanOut()) {
                        tally.fanOutLimitReached();
                        break;
                    }
                    visited.add(dependent);
                    next.add(dependent);
                    removedDependents++;
                }
            }
            removeLevel(pipelines, next, members, visited, tally);
            level = next;
        }
    }

    /** The members of the dependents set of each key, keyed by the set's name; empty sets left out. */
    private Map<String, List<String>> readDependents(Supplier<Pipeline> pipelines, List<String> keys, Tally tally) {
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
            try (Pipeline pipeline = pipelines.get()) {
                cursors.forEach((setKey, cursor) -> pages.put(setKey, pipeline.sscan(setKey, cursor, params)));
                pipeline.sync();
            }
            tally.roundTrip();
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
    private void removeLevel(Supplier<Pipeline> pipelines, List<String> next, Map<String, List<String>> members,
                             Set<String> visited, Tally tally) {
        if (members.isEmpty()) {
            return;
        }
        KeyUnlinker.Pending unlinked;
        try (Pipeline pipeline = pipelines.get()) {
            unlinked = unlinker.queue(pipeline, next);
            members.forEach((setKey, dependents) -> {
                String[] invalidated = dependents.stream().filter(visited::contains).toArray(String[]::new);
                if (invalidated.length > 0) {
                    pipeline.srem(setKey, invalidated);
                }
            });
            pipeline.sync();
        }
        tally.roundTrip();
        tally.dependentsUnlinked(unlinked.get());
    }
}
