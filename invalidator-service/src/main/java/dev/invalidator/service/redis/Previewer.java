package dev.invalidator.service.redis;

import dev.invalidator.schemas.redis.RedisKeyLayout;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Finds what an apply would remove, with read-only commands only (EXISTS, SCAN, SSCAN), under the same rules: the
 * same pattern budget, the invalidator's own keys skipped, the same cascade walk and limits.
 */
final class Previewer {

    private final RedisKeyLayout layout;
    private final CascadeWalker cascade;
    private final PatternBudget budget;
    private final int scanCount;
    private final int chunkSize;

    Previewer(RedisKeyLayout layout, CascadeWalker cascade, PatternBudget budget, int scanCount, int chunkSize) {
        this.layout = layout;
        this.cascade = cascade;
        this.budget = budget;
        this.scanCount = scanCount;
        this.chunkSize = chunkSize;
    }

    Preview preview(RedisNodes nodes, RedisWork work, int sampleLimit) {
        // The cascade of an apply starts from every key it removed directly, or asked to.
        Set<String> cascadeStart = new LinkedHashSet<>(work.keys());
        long keysExisting = existing(nodes, work.keys());
        Map<String, Preview.Matches> patterns = new LinkedHashMap<>();
        for (String pattern : work.patterns()) {
            Found found = matching(nodes, pattern);
            patterns.put(pattern, found.matches(sampleLimit));
            cascadeStart.addAll(found.keys);
        }
        Map<String, Preview.Matches> tags = new LinkedHashMap<>();
        for (String tag : work.tags()) {
            Found found = members(nodes, layout.tagSetKey(tag));
            tags.put(tag, found.matches(sampleLimit));
            cascadeStart.addAll(found.keys);
        }
        Preview.Cascade reached = Preview.Cascade.NONE;
        if (work.cascade()) {
            CascadeWalker.Reach reach = cascade.reach(nodes, cascadeStart);
            reached = new Preview.Cascade(reach.dependents().size(), sample(reach.dependents(), sampleLimit),
                    reach.depthLimitReached(), reach.fanOutLimitReached());
        }
        return new Preview(keysExisting, patterns, tags, reached);
    }

    private long existing(RedisNodes nodes, Collection<String> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        List<Response<Long>> counts = new ArrayList<>();
        try (RoundTrip trip = nodes.roundTrip()) {
            for (List<String> chunk : nodes.chunks(keys, chunkSize)) {
                counts.add(trip.forKey(chunk.get(0)).exists(chunk.toArray(String[]::new)));
            }
            trip.sync();
        }
        return counts.stream().mapToLong(Response::get).sum();
    }

    /** The cache keys matching {@code pattern} on every master, within the pattern budget. */
    private Found matching(RedisNodes nodes, String pattern) {
        ScanParams params = new ScanParams().match(pattern).count(scanCount);
        ScanBudget spending = new ScanBudget(budget, scanCount);
        Set<String> keys = new LinkedHashSet<>();
        for (HostAndPort master : nodes.masters()) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                if (spending.spent()) {
                    return new Found(keys, true);
                }
                Response<ScanResult<String>> scan;
                try (RoundTrip trip = nodes.roundTrip()) {
                    scan = trip.on(master).scan(cursor, params);
                    trip.sync();
                }
                spending.pageRequested();
                ScanResult<String> page = scan.get();
                for (String key : page.getResult()) {
                    if (!layout.isLayoutKey(key)) {
                        keys.add(key);
                    }
                }
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        }
        return new Found(keys, false);
    }

    /** The cache keys in the set {@code setKey}, read whole, as a tag's removal reads it. */
    private Found members(RedisNodes nodes, String setKey) {
        ScanParams params = new ScanParams().count(scanCount);
        Set<String> keys = new LinkedHashSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            Response<ScanResult<String>> scan;
            try (RoundTrip trip = nodes.roundTrip()) {
                scan = trip.forKey(setKey).sscan(setKey, cursor, params);
                trip.sync();
            }
            ScanResult<String> page = scan.get();
            for (String member : page.getResult()) {
                if (!layout.isLayoutKey(member)) {
                    keys.add(member);
                }
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return new Found(keys, false);
    }

    private static List<String> sample(Collection<String> keys, int limit) {
        return keys.stream().limit(limit).toList();
    }

    /** Distinct keys found (SCAN and SSCAN may return a key twice) and whether a budget cut the search short. */
    private record Found(Set<String> keys, boolean stoppedEarly) {

        Preview.Matches matches(int sampleLimit) {
            return new Preview.Matches(keys.size(), sample(keys, sampleLimit), stoppedEarly);
        }
    }
}
