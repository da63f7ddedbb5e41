package dev.invalidator.service.redis;

import dev.invalidator.schemas.redis.RedisKeyLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Removes the keys matching a glob pattern: SCAN with MATCH (never KEYS, which blocks Redis for the whole keyspace),
 * each page's keys unlinked with their leases in the round trip that reads the next page. The invalidator's own keys
 * are skipped, so that even {@code *} cannot delete leases, tag sets or epoch counters. A pattern stops at its budget
 * and says so.
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
    void remove(Supplier<Pipeline> pipelines, String pattern, Tally tally, Consumer<List<String>> removedKeys) {
        ScanParams params = new ScanParams().match(pattern).count(scanCount);
        long deadline = System.nanoTime() + budget.maxDuration().toNanos();
        long scanned = 0;
        String cursor = ScanParams.SCAN_POINTER_START;
        boolean scanning = true;
        List<String> batch = List.of();
        while (scanning || !batch.isEmpty()) {
            KeyUnlinker.Pending unlinked = null;
            Response<ScanResult<String>> scan = null;
            try (Pipeline pipeline = pipelines.get()) {
                if (!batch.isEmpty()) {
                    unlinked = unlinker.queue(pipeline, batch);
                }
                if (scanning) {
                    scan = pipeline.scan(cursor, params);
                    scanned += scanCount;
                }
                pipeline.sync();
            }
            tally.roundTrip();
            if (unlinked != null) {
                tally.keysUnlinked(unlinked.get());
                removedKeys.accept(batch);
            }
            batch = List.of();
            if (scan != null) {
                ScanResult<String> page = scan.get();
                batch = cacheKeysOnly(page.getResult());
                cursor = page.getCursor();
                scanning = !page.isCompleteIteration();
                if (scanning && (scanned >= budget.maxKeysScanned() || System.nanoTime() >= deadline)) {
                    tally.patternBudgetExhausted();
                    scanning = false;
                }
            }
        }
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
