package dev.invalidator.client.nearcache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The loads in progress, one per key: readers of a key being loaded join its load instead of starting another,
 * and invalidations mark the loads they cover stale. A stale load leaves the registry at once, so readers arriving
 * after the invalidation start a fresh load rather than join one that read old data.
 */
final class InFlightLoads<V> {

    private final ConcurrentHashMap<String, Load<V>> loads = new ConcurrentHashMap<>();

    /** Registers {@code load} and returns null, or returns the load of the same key already running. */
    Load<V> startOrJoin(Load<V> load) {
        return loads.putIfAbsent(load.key, load);
    }

    void finished(Load<V> load) {
        loads.remove(load.key, load);
    }

    /** Marks stale every running load {@code covered} selects; returns their keys (their dependents go stale too). */
    List<String> markStale(Predicate<Load<V>> covered) {
        if (loads.isEmpty()) {
            return List.of();
        }
        List<String> marked = new ArrayList<>();
        for (Load<V> load : loads.values()) {
            if (covered.test(load)) {
                load.markStale();
                loads.remove(load.key, load);
                marked.add(load.key);
            }
        }
        return marked;
    }

    int size() {
        return loads.size();
    }
}
