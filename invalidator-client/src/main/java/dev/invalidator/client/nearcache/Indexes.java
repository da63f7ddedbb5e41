package dev.invalidator.client.nearcache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The near-cache's lookups besides the key: keys in order (patterns scan only the range of their literal prefix),
 * tag to keys, and key to the keys that depend on it. Each registration names the {@link Entry} that made it and is
 * removed only by that entry, so the indexes always hold at least every cached entry's registrations; removing
 * more than needed is harmless, missing one would leave a stale entry behind.
 *
 * <p>Writers register before they check whether their load went stale, and invalidations mark loads stale before
 * they read these indexes: one of the two always sees the other (see {@link CaffeineNearCache}).
 */
final class Indexes {

    private final ConcurrentSkipListMap<String, Entry<?>> keys = new ConcurrentSkipListMap<>();
    private final ConcurrentHashMap<String, Map<String, Entry<?>>> tagged = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Map<String, Entry<?>>> dependents = new ConcurrentHashMap<>();
    /** The keys of {@link #dependents} in order, for patterns; kept in step inside its per-key computations. */
    private final ConcurrentSkipListSet<String> dependencyNames = new ConcurrentSkipListSet<>();

    void register(String key, Entry<?> entry) {
        keys.put(key, entry);
        for (String tag : entry.attachments.tagSet()) {
            tagged.compute(tag, (t, members) -> withMember(members, key, entry));
        }
        for (String dependency : entry.attachments.dependencySet()) {
            dependents.compute(dependency, (d, members) -> {
                if (members == null) {
                    dependencyNames.add(d);
                }
                return withMember(members, key, entry);
            });
        }
    }

    void unregister(String key, Entry<?> entry) {
        keys.remove(key, entry);
        for (String tag : entry.attachments.tagSet()) {
            tagged.computeIfPresent(tag, (t, members) -> withoutMember(members, key, entry));
        }
        for (String dependency : entry.attachments.dependencySet()) {
            dependents.computeIfPresent(dependency, (d, members) -> {
                Map<String, Entry<?>> left = withoutMember(members, key, entry);
                if (left == null) {
                    dependencyNames.remove(d);
                }
                return left;
            });
        }
    }

    /**
     * Cached keys and dependency keys that {@code glob} matches. Only the sorted range of the pattern's literal
     * prefix is visited, so {@code product:7:*} costs the keys under {@code product:7:}, not the whole cache.
     */
    List<String> matching(RedisGlob glob) {
        List<String> found = new ArrayList<>();
        String prefix = glob.literalPrefix();
        for (String key : keys.tailMap(prefix, true).keySet()) {
            if (!key.startsWith(prefix)) {
                break;
            }
            if (glob.matches(key)) {
                found.add(key);
            }
        }
        for (String name : dependencyNames.tailSet(prefix, true)) {
            if (!name.startsWith(prefix)) {
                break;
            }
            if (glob.matches(name)) {
                found.add(name);
            }
        }
        return found;
    }

    /** How many sorted keys a scan for {@code glob} visits: tells tests the prefix range is used. */
    int scanWidth(RedisGlob glob) {
        String prefix = glob.literalPrefix();
        NavigableMap<String, Entry<?>> range = keys.tailMap(prefix, true);
        int width = 0;
        for (String key : range.keySet()) {
            if (!key.startsWith(prefix)) {
                break;
            }
            width++;
        }
        return width;
    }

    Set<String> taggedWith(String tag) {
        Map<String, Entry<?>> members = tagged.get(tag);
        return members == null ? Set.of() : Set.copyOf(members.keySet());
    }

    Set<String> dependentsOf(String key) {
        Map<String, Entry<?>> members = dependents.get(key);
        return members == null ? Set.of() : Set.copyOf(members.keySet());
    }

    Set<String> keys() {
        return keys.keySet();
    }

    /** Registrations held, for tests that check nothing leaks: keys, tags, dependency keys. */
    int[] sizes() {
        return new int[] {keys.size(), tagged.size(), dependents.size() + dependencyNames.size()};
    }

    private static Map<String, Entry<?>> withMember(Map<String, Entry<?>> members, String key, Entry<?> entry) {
        Map<String, Entry<?>> map = members == null ? new ConcurrentHashMap<>() : members;
        map.put(key, entry);
        return map;
    }

    private static Map<String, Entry<?>> withoutMember(Map<String, Entry<?>> members, String key, Entry<?> entry) {
        members.remove(key, entry);
        return members.isEmpty() ? null : members;
    }
}
