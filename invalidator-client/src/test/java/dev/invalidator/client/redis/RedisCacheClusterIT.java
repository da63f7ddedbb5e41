package dev.invalidator.client.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.schemas.redis.RedisKeyLayout;
import dev.invalidator.schemas.redis.TagGenerations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * On a Redis Cluster of three masters: keys spread over all of them, so a script naming keys of two slots
 * (CROSSSLOT) or a command sent to the wrong node would fail.
 */
class RedisCacheClusterIT {

    @TempDir
    static Path directory;

    private static ChildRedisCluster cluster;
    private static RedisClusterClient redis;

    private final RedisKeyLayout layout = new RedisKeyLayout();

    @BeforeAll
    static void startCluster() {
        cluster = ChildRedisCluster.start(directory);
        redis = RedisClusterClient.builder().nodes(Set.of(cluster.seed()))
                .clientConfig(DefaultJedisClientConfig.builder().serverDefaultProtocol().build()).build();
    }

    @AfterAll
    static void stopCluster() {
        if (redis != null) {
            redis.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void getOrLoad_keysOnThreeMasters_storedWithTagsAndDependencies() {
        RedisCache<String> cache = RedisCache.builder().redis(redis).build(ValueCodec.utf8());
        List<String> keys = keysOnEveryMaster();
        keys.add("{user1000}.following");

        for (String key : keys) {
            assertThat(cache.getOrLoad(key, k -> "value of " + k, Duration.ofMinutes(1), Set.of("tag:" + key),
                    Set.of("parent:" + key))).isEqualTo("value of " + key);
        }

        for (String key : keys) {
            try (Jedis master = cluster.connectToMasterOf(JedisClusterCRC16.getSlot(key))) {
                assertThat(master.get(key)).as("value of " + key + " on the master of its slot")
                        .isEqualTo("value of " + key);
            }
            assertThat(redis.exists(layout.leaseKey(key))).isFalse();
            assertThat(redis.smembers(layout.tagSetKey("tag:" + key))).containsExactly(key);
            assertThat(redis.smembers(layout.dependentsKey("parent:" + key))).containsExactly(key);
        }
        assertThat(cache.stats().fillsStored()).isEqualTo(keys.size());
    }

    @Test
    void getOrLoad_invalidatedWhileLoading_fillRejected() {
        RedisCache<String> cache = RedisCache.builder().redis(redis).build(ValueCodec.utf8());
        for (String key : keysOnEveryMaster()) {
            String leaseKey = layout.leaseKey(key);
            AtomicReference<String> row = new AtomicReference<>("old");
            String returned = cache.getOrLoad(key, k -> {
                String read = row.get();
                row.set("new");
                redis.unlink(k, leaseKey); // one command for both: they share a slot
                return read;
            }, Duration.ofMinutes(1));

            assertThat(returned).isEqualTo("old");
            assertThat(redis.exists(key)).as(key + " filled after its invalidation").isFalse();
        }
    }

    /** Value, lease, version counter and recorded generations of a versioned key: one script, one slot. */
    @Test
    void getOrLoad_versionedKeysWithGenerationTagsOnThreeMasters_storedAndMissAfterABump() {
        RedisCache<String> cache = RedisCache.builder().redis(redis).versioned("product:*")
                .tagGenerations(TagGenerations.prefixes("gen:")).build(ValueCodec.utf8());
        List<String> keys = keysOnEveryMaster();
        keys.add("product:{user1000}.settings");
        AtomicInteger loads = new AtomicInteger();

        for (String key : keys) {
            Set<String> tags = Set.of("gen:" + key);
            assertThat(cache.getOrLoad(key, k -> "v" + loads.incrementAndGet(), Duration.ofMinutes(1), tags,
                    Set.of())).startsWith("v");
            String first = redis.get(layout.versionedValueKey(key, 0));
            redis.incr(layout.versionKey(key));
            assertThat(cache.getOrLoad(key, k -> "v" + loads.incrementAndGet(), Duration.ofMinutes(1), tags,
                    Set.of())).isNotEqualTo(first);
            redis.incr(layout.tagGenerationKey("gen:" + key));
            String third = cache.getOrLoad(key, k -> "v" + loads.incrementAndGet(), Duration.ofMinutes(1), tags,
                    Set.of());
            assertThat(redis.get(layout.versionedValueKey(key, 1))).isEqualTo(third);
            assertThat(JedisClusterCRC16.getSlot(layout.versionedValueKey(key, 1)))
                    .isEqualTo(JedisClusterCRC16.getSlot(key));
        }
        assertThat(loads.get()).isEqualTo(3 * keys.size());
        assertThat(cache.stats().fillsRejected()).isZero();
    }

    /** Keys of this run whose slots are served by each of the three masters. */
    private static List<String> keysOnEveryMaster() {
        String run = Long.toString(System.nanoTime());
        List<String> keys = new ArrayList<>();
        boolean[] covered = new boolean[3];
        for (int i = 0; keys.size() < 3; i++) {
            String key = "product:" + run + ":" + i;
            int master = Math.min(JedisClusterCRC16.getSlot(key) / (16_384 / 3), 2);
            if (!covered[master]) {
                covered[master] = true;
                keys.add(key);
            }
        }
        return keys;
    }
}
