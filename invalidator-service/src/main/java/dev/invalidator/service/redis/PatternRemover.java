package dev.invalidator.service.redis;

import dev.invalidator.schemas.redis.RedisKeyLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Removes the keys matching a glob pattern: SCAN with MATCH (never KEYS, which blocks Redis for the whole keyspace)
 * on every master, since each holds its own part of the keyspace, each page's keys unlinked with their leases in the
 * round trip that reads the next page. The invalidator's own keys are skipped, so that even {@code *} cannot delete
 * leases, tag sets or epoch counters. A pattern stops at its budget, shared by all masters, and says so.
 */
final class PatternRemover {

    private final RedisKeyLayout layout;
    private final KeyUnlinker unlinker;
    private final PatternBudget budget;
    private final int scanCount;

    PatternRemover(RedisKeyLayout layout, KeyUnlinker unlinker, PatternBudget budget, int scanCount) {
        this.layout = layout;
        this.unlinker = unlinker;
        this.budget = budget;
        this.scanCount = scanCount;
    }

    /** @param removedKeys receives each batch of cache keys once removed (the cascade starts from them) */
    void remove(RedisNodes nodes, String pattern, Tally tally, Consumer<List<String>> removedKeys) {
        ScanParams params = new ScanParams().match(pattern).count(scanCount);
        ScanBudget spending = new ScanBudget(budget, scanCount);
        for (HostAndPort master : nodes.masters()) {
            if (spending.spent() || !removeOn(nodes, master, params, spending, tally, removedKeys)) {
                tally.patternBudgetExhausted();
                return;
            }
        }
    }

    /** @return whether the scan of {@code master} went through its whole keyspace within the budget */
    private boolean removeOn(RedisNodes nodes, HostAndPort master, ScanParams params, ScanBudget spending,
                             Tally tally, Consumer<List<String>> removedKeys) {
        String cursor = ScanParams.SCAN_POINTER_START;
        boolean scanning = true;
        boolean complete = false;
        List<String> batch = List.of();
        while (scanning || !batch.isEmpty()) {
            KeyUnlinker.Pending unlinked = null;
            Response<ScanResult<String>> scan = null;
            try (RoundTrip trip = nodes.roundTrip()) {
                if (!batch.isEmpty()) {
                    // The keys came from this master's SCAN, so their slots are normally this master's too.
                    unlinked = unlinker.queue(trip, batch);
                }
                if (scanning) {
                    scan = trip.on(master).scan(cursor, params);
                    spending.pageRequested();
                }
                tally.roundTrips(trip.sync());
            }
            if (unlinked != null) {
                tally.keysUnlinked(unlinked.get());
                removedKeys.accept(batch);
            }
            batch = List.of();
            if (scan != null) {
                ScanResult<String> page = scan.get();
                batch = cacheKeysOnly(page.getResult());
                cursor = page.getCursor();
                complete = page.isCompleteIteration();
                scanning = !complete && !spending.spent();
            }
        }
        return complete;
    }

    private List<String> cacheKeysOnly(List<String> matches) {
        List<String> keys = new ArrayList<>(matches.size());
        for (String key : matches) {
            if (!layout.isLayoutKey(key)) {
                keys.add(key);
            }
        }
        return keys;
    }
}
