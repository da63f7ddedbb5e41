package dev.invalidator.client.nearcache;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Hit throughput of {@link NearCache#get} against plain Caffeine {@code Cache.get} in the same run, on the same
 * keys: 10,000 cached keys (tagged and with a dependency each, as applications attach them), read in a skewed
 * order (a quarter of the keys take most reads), every read a hit. A follower's {@code Freshness} is attached, so
 * the in-sync check is measured too. {@code policyHit} reads a near-cache under a {@link TtlPolicy} (the seeds'
 * categories, soft TTL, jitter, early refresh), whose hits also check each entry's lifetime; compare it with
 * {@code expireAfterWriteHit}, a near-cache with one TTL, as both pay for Caffeine's expiry bookkeeping.
 *
 * <p>Run from the repository root (about a minute):
 * <pre>{@code mvn -q -pl invalidator-client test-compile exec:exec@jmh -Djmh.include=NearCacheBenchmark}</pre>
 * Target: {@code nearCacheHit} at least 0.8 times {@code caffeineHit}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class NearCacheBenchmark {

    private static final int KEYS = 10_000;
    /** A power of two, so the read position wraps with a mask. */
    private static final int READS = 1 << 16;
    private static final Function<String, String> LOADER = key -> {
        throw new IllegalStateException("the benchmark reads cached keys only, but " + key + " was missing");
    };

    private final String[] reads = new String[READS];
    private NearCache<String> nearCache;
    private NearCache<String> policyCache;
    private NearCache<String> writeCache;
    private Cache<String, String> caffeine;
    private Cache<String, String> caffeineWithStats;

    @Setup
    public void fill() {
        nearCache = NearCache.<String>builder().maximumSize(2L * KEYS).build();
        nearCache.followedBy(() -> true);
        policyCache = NearCache.<String>builder().maximumSize(2L * KEYS).ttlPolicy(TtlPolicy.builder()
                .category("issue:*", Ttl.afterWrite(Duration.ofMinutes(5)).withMaxStale(Duration.ofSeconds(30)))
                .category("project:*", Duration.ofHours(1))
                .category("field:*", Duration.ofDays(1))
                .defaultTtl(Ttl.afterWrite(Duration.ofHours(1)).withMaxStale(Duration.ofMinutes(1)))
                .jitter(0.1)
                .earlyRefresh(1)
                .build()).build();
        policyCache.followedBy(() -> true);
        writeCache = NearCache.<String>builder().maximumSize(2L * KEYS).expireAfterWrite(Duration.ofHours(1)).build();
        writeCache.followedBy(() -> true);
        caffeine = Caffeine.newBuilder().maximumSize(2L * KEYS).build();
        caffeineWithStats = Caffeine.newBuilder().maximumSize(2L * KEYS).recordStats().build();
        String[] keys = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "product:" + i;
            nearCache.put(keys[i], "value " + i, Attachments.tags("category:" + (i % 50)).dependsOn("sku:" + i));
            policyCache.put(keys[i], "value " + i, Attachments.tags("category:" + (i % 50)).dependsOn("sku:" + i));
            caffeine.put(keys[i], "value " + i);
            caffeineWithStats.put(keys[i], "value " + i);
            writeCache.put(keys[i], "value " + i, Attachments.tags("category:" + (i % 50)).dependsOn("sku:" + i));
        }
        Random random = new Random(42);
        for (int i = 0; i < READS; i++) {
            // Skewed: 80% of reads go to the first quarter of the keys.
            int index = random.nextInt(10) < 8 ? random.nextInt(KEYS / 4) : random.nextInt(KEYS);
            reads[i] = keys[index];
        }
    }

    /** Where each thread is in the read sequence. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        String key(String[] reads) {
            return reads[next++ & (READS - 1)];
        }
    }

    @Benchmark
    public String nearCacheHit(Cursor cursor) {
        return nearCache.get(cursor.key(reads), LOADER);
    }

    @Benchmark
    public String policyHit(Cursor cursor) {
        return policyCache.get(cursor.key(reads), LOADER);
    }

    @Benchmark
    public String expireAfterWriteHit(Cursor cursor) {
        return writeCache.get(cursor.key(reads), LOADER);
    }

    @Benchmark
    public String caffeineHit(Cursor cursor) {
        return caffeine.get(cursor.key(reads), LOADER);
    }

    /** Caffeine counting hits and misses, as the near-cache always does: the fair reference for its statistics. */
    @Benchmark
    public String caffeineWithStatsHit(Cursor cursor) {
        return caffeineWithStats.get(cursor.key(reads), LOADER);
    }
}
