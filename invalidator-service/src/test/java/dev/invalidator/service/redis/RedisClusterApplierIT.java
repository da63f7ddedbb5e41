package dev.invalidator.service.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.invalidator.schemas.redis.RedisKeyLayout;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Against a Redis Cluster of three masters that the test starts from the installed redis-server. Every case puts its
 * keys on all three masters, so that it fails if the applier sent a multi-key command across slots (CROSSSLOT), a
 * command to the wrong node (MOVED) or scanned only one node.
 */
class RedisClusterApplierIT {

    @TempDir
    static Path directory;

    private static ChildRedisCluster cluster;
    private static RedisClusterClient writer;

    private RedisKeyLayout layout;
    private String prefix;

    @BeforeAll
    static void startCluster() {
        cluster = ChildRedisCluster.start(directory);
        RedisEndpoint seed = cluster.masters().get(0).endpoint();
        writer = RedisClusterClient.builder()
                .nodes(Set.of(new HostAndPort(seed.host(), seed.port())))
                .clientConfig(DefaultJedisClientConfig.builder().serverDefaultProtocol().build())
                .build();
    }

    @AfterAll
    static void stopCluster() {
        if (writer != null) {
            writer.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void namespace() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        layout = new RedisKeyLayout("it-inv-" + run + ":");
        prefix = "it-" + run + ":";
    }

    @AfterEach
    void cleanUp() {
        for (RedisServerProcess master : cluster.masters()) {
            try (Jedis node = master.connect()) {
                for (String pattern : List.of(prefix + "*", layout.namespace() + "*", "*{" + prefix + "*")) {
                    for (String key : scan(node, pattern)) {
                        node.unlink(key);
                    }
                }
            }
        }
    }

    @Test
    void apply_keysOnThreeMasters_removesThemWithTheirLeases() {
        List<String> keys = keys("product", 300);
        String hashTagged = "{" + key("user") + "}.following";
        keys.add(hashTagged);
        set(keys);
        List<String> leased = List.of(keys.get(0), keys.get(1), keys.get(2), hashTagged);
        set(leased.stream().map(layout::leaseKey).toList());
        assertThat(onEachMaster(prefix + "*")).allSatisfy(count -> assertThat(count).isPositive());

        ApplyResult result = apply(RedisWork.keys(new LinkedHashSet<>(keys)));

        assertThat(result.keysRemoved()).isEqualTo(301);
        assertThat(result.leasesRemoved()).isEqualTo(4);
        assertThat(onEachMaster(prefix + "*")).containsOnly(0L);
        assertThat(onEachMaster(layout.namespace() + "*")).containsOnly(0L);
        assertThat(onEachMaster("*{" + prefix + "*")).containsOnly(0L);
    }

    @Test
    void apply_patternMatchingKeysOnEveryMaster_removesThemAll() {
        List<String> products = keys("product", 300);
        set(products);
        set(List.of(layout.leaseKey(products.get(0)), layout.leaseKey(products.get(1))));
        String order = key("order:1");
        set(List.of(order));
        assertThat(onEachMaster(prefix + "product:*")).allSatisfy(count -> assertThat(count).isPositive());

        ApplyResult result = apply(RedisWork.patterns(Set.of(prefix + "product:*")));

        assertThat(result.keysRemoved()).isEqualTo(300);
        assertThat(result.leasesRemoved()).isEqualTo(2);
        assertThat(result.patternBudgetExhausted()).isFalse();
        assertThat(onEachMaster(prefix + "product:*")).containsOnly(0L);
        assertThat(writer.exists(order)).isTrue();
    }

    @Test
    void apply_patternOverABudgetSharedByTheMasters_reportsIt() {
        set(keys("product", 300));

        // One SCAN page spends the whole budget, so the other masters are never scanned.
        ApplyResult result = apply(RedisWork.patterns(Set.of(prefix + "product:*")), CascadeLimits.DEFAULTS,
                new PatternBudget(1, Duration.ofSeconds(10)));

        assertThat(result.patternBudgetExhausted()).isTrue();
        assertThat(result.keysRemoved()).isPositive().isLessThan(300);
        assertThat(onEachMaster(prefix + "product:*").stream().mapToLong(Long::longValue).sum())
                .isEqualTo(300 - result.keysRemoved());
    }

    @Test
    void apply_tagWithMembersOnEveryMaster_removesThemAndTrimsTheSet() {
        List<String> members = keys("tagged", 300);
        set(members);
        set(members.subList(0, 30).stream().map(layout::leaseKey).toList());
        String tagSet = layout.tagSetKey(prefix + "category:3");
        writer.sadd(tagSet, members.toArray(String[]::new));

        ApplyResult result = apply(RedisWork.tags(Set.of(prefix + "category:3")));

        assertThat(result.keysRemoved()).isEqualTo(300);
        assertThat(result.tagMembersRemoved()).isEqualTo(300);
        assertThat(result.leasesRemoved()).isEqualTo(30);
        assertThat(writer.exists(tagSet)).isFalse();
        assertThat(onEachMaster(prefix + "*")).containsOnly(0L);
        assertThat(onEachMaster(layout.namespace() + "*")).containsOnly(0L);
    }

    @Test
    void apply_versionsOnThreeMasters_incrementEachCounterOnItsNode() {
        List<String> versioned = List.of(keyOnMaster("user", 0), keyOnMaster("user", 1), keyOnMaster("user", 2));

        ApplyResult result = apply(RedisWork.versions(new LinkedHashSet<>(versioned)));

        assertThat(result.versionsBumped()).isEqualTo(3);
        for (String key : versioned) {
            assertThat(writer.get(layout.versionKey(key))).as(key).isEqualTo("1");
            assertThat(JedisClusterCRC16.getSlot(layout.versionKey(key))).isEqualTo(JedisClusterCRC16.getSlot(key));
        }
    }

    @Test
    void apply_refreshesOnThreeMasters_writeEachValueAndPositionOnItsNodeAndRefuseOlderOnes() {
        List<String> refreshed = List.of(keyOnMaster("product", 0), keyOnMaster("product", 1),
                "{" + keyOnMaster("user", 2) + "}.profile");
        List<Refresh> newer = refreshed.stream().map(key -> new Refresh(key, "{\"v\":2}", 60_000, "pg:2")).toList();
        List<Refresh> older = refreshed.stream().map(key -> new Refresh(key, "{\"v\":1}", 60_000, "pg:1")).toList();

        ApplyResult written = apply(RedisWork.refreshes(newer));
        ApplyResult replayed = apply(RedisWork.refreshes(older));

        assertThat(written.refreshesWritten()).isEqualTo(3);
        assertThat(replayed.refreshesRefused()).isEqualTo(3);
        for (String key : refreshed) {
            assertThat(writer.get(key)).as(key).isEqualTo("{\"v\":2}");
            assertThat(writer.get(layout.refreshPositionKey(key))).as(key).isEqualTo("pg:2");
            assertThat(JedisClusterCRC16.getSlot(layout.refreshPositionKey(key))).isEqualTo(JedisClusterCRC16.getSlot(key));
        }
    }

    @Test
    void apply_cascadeThroughACycleOverThreeMasters_endsAndRemovesEveryDependent() {
        String a = keyOnMaster("a", 0);
        String b = keyOnMaster("b", 1);
        String c = keyOnMaster("c", 2);
        String d = keyOnMaster("d", 0);
        set(List.of(a, b, c, d, layout.leaseKey(b), layout.leaseKey(d)));
        dependsOn(a, b);
        dependsOn(b, c);
        dependsOn(c, a);
        dependsOn(c, d);

        ApplyResult result = apply(RedisWork.keys(Set.of(a)).withCascade());

        assertThat(result.keysRemoved()).isEqualTo(1);
        assertThat(result.dependentsRemoved()).isEqualTo(3);
        assertThat(result.leasesRemoved()).isEqualTo(2);
        assertThat(result.cascadeTruncated()).isFalse();
        assertThat(onEachMaster(prefix + "*")).containsOnly(0L);
        // Every dependents set lost the members the walk invalidated, and so is gone.
        assertThat(onEachMaster(layout.namespace() + "*")).containsOnly(0L);
    }

    @Test
    void preview_workOverThreeMasters_removesNothingAndCountsWhatApplyRemoves() {
        List<String> asked = keys("asked", 30);
        List<String> products = keys("product", 60);
        List<String> tagged = keys("tagged", 45);
        String page = keyOnMaster("page", 1);
        String home = keyOnMaster("home", 2);
        set(asked);
        set(products);
        set(tagged);
        set(List.of(page, home, layout.leaseKey(asked.get(0)), layout.leaseKey(products.get(0))));
        writer.sadd(layout.tagSetKey(prefix + "t"), tagged.toArray(String[]::new));
        dependsOn(asked.get(1), page);
        dependsOn(tagged.get(2), home);
        dependsOn(home, asked.get(1));
        RedisWork work = new RedisWork(new LinkedHashSet<>(asked), Set.of(prefix + "product:*"),
                Set.of(prefix + "t"), true);
        List<String> before = allTestKeys();

        Preview preview;
        try (RedisApplier applier = connect(CascadeLimits.DEFAULTS, PatternBudget.DEFAULTS)) {
            preview = applier.preview(work, 5);
        }

        assertThat(allTestKeys()).containsExactlyInAnyOrderElementsOf(before);
        assertThat(preview.keysExisting()).isEqualTo(30);
        assertThat(preview.patterns().get(prefix + "product:*").count()).isEqualTo(60);
        assertThat(preview.patterns().get(prefix + "product:*").sample()).hasSize(5).isSubsetOf(products);
        assertThat(preview.tags().get(prefix + "t").count()).isEqualTo(45);
        assertThat(preview.cascade().count()).isEqualTo(2);
        assertThat(preview.cascade().sample()).containsExactlyInAnyOrder(page, home);
        assertThat(preview.stoppedEarly()).isFalse();

        ApplyResult result = apply(work);

        // Every tag member's value exists here, so the apply removes as many values as the tag has members.
        assertThat(result.keysRemoved()).isEqualTo(preview.keysExisting()
                + preview.patterns().get(prefix + "product:*").count() + preview.tags().get(prefix + "t").count());
        assertThat(result.tagMembersRemoved()).isEqualTo(preview.tags().get(prefix + "t").count());
        assertThat(result.dependentsRemoved()).isEqualTo(preview.cascade().count());
    }

    @Test
    void apply_clusterUnreachable_namesTheSeedNodes() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        RedisConnection nowhere = RedisConnection.cluster(List.of(new RedisEndpoint("127.0.0.1", closedPort)));

        try (RedisApplier applier = RedisApplier.connect(nowhere, layout, CascadeLimits.DEFAULTS,
                PatternBudget.DEFAULTS)) {
            assertThatThrownBy(() -> applier.apply(RedisWork.keys(Set.of(key("k")))))
                    .isInstanceOf(RedisUnavailableException.class)
                    .hasMessageContaining("Redis Cluster (seed nodes 127.0.0.1:" + closedPort + ")");
        }
    }

    private ApplyResult apply(RedisWork work) {
        return apply(work, CascadeLimits.DEFAULTS, PatternBudget.DEFAULTS);
    }

    private ApplyResult apply(RedisWork work, CascadeLimits limits, PatternBudget budget) {
        try (RedisApplier applier = connect(limits, budget)) {
            return applier.apply(work);
        }
    }

    private RedisApplier connect(CascadeLimits limits, PatternBudget budget) {
        return RedisApplier.connect(cluster.connection(), layout, limits, budget);
    }

    private String key(String name) {
        return prefix + name;
    }

    private List<String> keys(String name, int count) {
        return IntStream.range(0, count).mapToObj(i -> key(name + ":" + i))
                .collect(Collectors.toCollection(ArrayList::new));
    }

    /** A key named after {@code name} that hashes to a slot of the {@code master}th master. */
    private String keyOnMaster(String name, int master) {
        for (int i = 0; ; i++) {
            String candidate = key(name + ":" + i);
            if (cluster.masterOf(JedisClusterCRC16.getSlot(candidate)) == cluster.masters().get(master)) {
                return candidate;
            }
        }
    }

    private void set(List<String> keys) {
        for (String key : keys) {
            writer.set(key, "v");
        }
    }

    private void dependsOn(String key, String dependent) {
        writer.sadd(layout.dependentsKey(key), dependent);
    }

    /** How many keys match {@code pattern} on each master, in the masters' order. */
    private List<Long> onEachMaster(String pattern) {
        List<Long> counts = new ArrayList<>();
        for (RedisServerProcess master : cluster.masters()) {
            try (Jedis node = master.connect()) {
                counts.add((long) scan(node, pattern).size());
            }
        }
        return counts;
    }

    private List<String> allTestKeys() {
        List<String> keys = new ArrayList<>();
        for (RedisServerProcess master : cluster.masters()) {
            try (Jedis node = master.connect()) {
                keys.addAll(scan(node, prefix + "*"));
                keys.addAll(scan(node, layout.namespace() + "*"));
            }
        }
        return keys;
    }

    private static List<String> scan(Jedis node, String pattern) {
        List<String> found = new ArrayList<>();
        ScanParams params = new ScanParams().match(pattern).count(10_000);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = node.scan(cursor, params);
            found.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return found;
    }
}
