package dev.invalidator.service.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.invalidator.schemas.redis.RedisKeyLayout;
import dev.invalidator.schemas.redis.TagGenerations;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Against the real Redis at 127.0.0.1:6379 (started by .ci/run in CI). Each test writes under its own namespace and
 * key prefix and removes them afterwards, so runs do not disturb each other or other data.
 */
class RedisApplierIT {

    private static final RedisEndpoint REDIS = new RedisEndpoint("127.0.0.1", 6379);
    private static final DefaultJedisClientConfig CLIENT_CONFIG =
            DefaultJedisClientConfig.builder().serverDefaultProtocol().build();

    private Jedis redis;
    private RedisKeyLayout layout;
    private String prefix;

    @BeforeAll
    static void redisIsRunning() {
        try (Jedis jedis = connect()) {
            assertThat(jedis.ping()).isEqualTo("PONG");
        } catch (RuntimeException e) {
            fail("no Redis at " + REDIS + " (" + e.getMessage() + "); these tests need a real redis-server there: "
                    + "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save \"\" --appendonly no", e);
        }
    }

    @BeforeEach
    void namespace() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        layout = new RedisKeyLayout("it-inv-" + run + ":");
        prefix = "it-" + run + ":";
        redis = connect();
    }

    @AfterEach
    void cleanUp() {
        unlinkMatching(layout.namespace() + "*");
        unlinkMatching(prefix + "*");
        unlinkMatching("{" + prefix + "*");
        redis.close();
    }

    @Test
    void apply_keys_removesKeysAndTheirLeases() {
        String plain = key("product:7");
        String hashTagged = "{" + key("user") + "}.following";
        String missing = key("never-written");
        set(plain, hashTagged);
        set(layout.leaseKey(plain), layout.leaseKey(hashTagged));
        String untouched = key("product:8");
        set(untouched, layout.leaseKey(untouched));

        ApplyResult result = apply(RedisWork.keys(Set.of(plain, hashTagged, missing)));

        assertThat(result.keysRemoved()).isEqualTo(2);
        assertThat(result.leasesRemoved()).isEqualTo(2);
        assertThat(result.roundTrips()).isEqualTo(1);
        assertThat(redis.exists(plain, hashTagged, layout.leaseKey(plain), layout.leaseKey(hashTagged))).isZero();
        assertThat(redis.exists(untouched, layout.leaseKey(untouched))).isEqualTo(2);
    }

    @Test
    void apply_keyWithBraceButNoHashTag_removesTheKeyAlone() {
        String odd = key("a}b");
        set(odd);

        ApplyResult result = apply(RedisWork.keys(Set.of(odd)));

        assertThat(result.keysRemoved()).isEqualTo(1);
        assertThat(redis.exists(odd)).isFalse();
    }

    @Test
    void apply_keyInTheNamespace_isRefused() {
        String leaseKey = layout.leaseKey(key("product:7"));

        assertThatThrownBy(() -> apply(RedisWork.keys(Set.of(leaseKey))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(leaseKey);
    }

    @Test
    void apply_pattern_removesMatchingKeysWithTheirLeases() {
        List<String> products = keys("product", 50);
        set(products.toArray(String[]::new));
        set(layout.leaseKey(products.get(0)), layout.leaseKey(products.get(1)));
        String order = key("order:1");
        set(order);

        ApplyResult result = apply(RedisWork.patterns(Set.of(prefix + "product:*")));

        assertThat(result.keysRemoved()).isEqualTo(50);
        assertThat(result.leasesRemoved()).isEqualTo(2);
        assertThat(result.patternBudgetExhausted()).isFalse();
        assertThat(countMatching(prefix + "*")).isEqualTo(1);
        assertThat(countMatching(layout.namespace() + "*")).isZero();
    }

    @Test
    void apply_patternWithAnEscapedGlobCharacter_matchesItLiterally() {
        String literal = key("name:a*b");
        String other = key("name:axxb");
        set(literal, other);

        ApplyResult result = apply(RedisWork.patterns(Set.of(prefix + "name:a\\*b")));

        assertThat(result.keysRemoved()).isEqualTo(1);
        assertThat(redis.exists(literal)).isFalse();
        assertThat(redis.exists(other)).isTrue();
    }

    @Test
    void apply_patternMatchingTheNamespace_leavesTheInvalidatorsKeys() {
        String lease = layout.leaseKey(key("product:7"));
        String tagSet = layout.tagSetKey("t");
        set(lease);
        redis.sadd(tagSet, key("product:7"));

        ApplyResult result = apply(RedisWork.patterns(Set.of(layout.namespace() + "*")));

        assertThat(result.keysRemoved()).isZero();
        assertThat(redis.exists(lease, tagSet)).isEqualTo(2);
    }

    @Test
    void apply_patternOverItsBudget_reportsIt() {
        List<String> many = keys("many", 20_000);
        try (Pipeline pipeline = redis.pipelined()) {
            many.forEach(k -> pipeline.set(k, "v"));
            pipeline.sync();
        }

        ApplyResult result = apply(RedisWork.patterns(Set.of(prefix + "many:*")), CascadeLimits.DEFAULTS,
                new PatternBudget(1, Duration.ofSeconds(10)));

        assertThat(result.patternBudgetExhausted()).isTrue();
        assertThat(result.incomplete()).isTrue();
        assertThat(countMatching(prefix + "many:*")).isPositive();
    }

    @Test
    void apply_tagOf25000Members_removesThemInFewRoundTrips() {
        List<String> members = keys("tagged", 25_000);
        String tagSet = layout.tagSetKey(prefix + "category:3");
        try (Pipeline pipeline = redis.pipelined()) {
            for (int i = 0; i < members.size(); i++) {
                pipeline.set(members.get(i), "v");
                if (i % 10 == 0) {
                    pipeline.set(layout.leaseKey(members.get(i)), "token");
                }
            }
            for (List<String> chunk : chunks(members, 1_000)) {
                pipeline.sadd(tagSet, chunk.toArray(String[]::new));
            }
            pipeline.sync();
        }

        ApplyResult result = apply(RedisWork.tags(Set.of(prefix + "category:3")));

        assertThat(result.keysRemoved()).isEqualTo(25_000);
        assertThat(result.tagMembersRemoved()).isEqualTo(25_000);
        assertThat(result.leasesRemoved()).isEqualTo(2_500);
        assertThat(result.roundTrips()).isLessThanOrEqualTo(12);
        assertThat(redis.exists(tagSet)).isFalse();
        assertThat(countMatching(prefix + "*")).isZero();
        System.out.printf("tag of 25,000 members removed in %d round trips%n", result.roundTrips());
    }

    @Test
    void remove_memberAddedAfterTheRead_staysInTheTagSet() {
        List<String> members = keys("tagged", 10);
        String late = key("late");
        String tagSet = layout.tagSetKey("t");
        set(members.toArray(String[]::new));
        set(late);
        redis.sadd(tagSet, members.toArray(String[]::new));
        Tally tally = new Tally();
        // The first round trip reads the set; the second removes what was read. A client adds its key in between.
        try (RedisNodes nodes = new StandaloneNodes(RedisConnection.standalone(REDIS), 2_000)) {
            TagRemover remover = new TagRemover(layout, new KeyUnlinker(layout, nodes, 1_000), 5_000);
            RedisNodes interleaved = beforeRoundTrip(nodes, 2, () -> {
                try (Jedis otherClient = connect()) {
                    otherClient.sadd(tagSet, late);
                }
            });

            remover.remove(interleaved, "t", tally, batch -> { });
        }

        assertThat(redis.smembers(tagSet)).containsExactly(late);
        assertThat(redis.exists(late)).isTrue();
        assertThat(tally.result().tagMembersRemoved()).isEqualTo(10);
    }

    @Test
    void apply_cascadeThroughAChain_removesEveryDependent() {
        String a = key("a");
        String b = key("b");
        String c = key("c");
        String d = key("d");
        set(a, b, c, d, layout.leaseKey(d));
        dependsOn(a, b);
        dependsOn(b, c);
        dependsOn(c, d);

        ApplyResult result = apply(RedisWork.keys(Set.of(a)).withCascade());

        assertThat(result.keysRemoved()).isEqualTo(1);
        assertThat(result.dependentsRemoved()).isEqualTo(3);
        assertThat(result.leasesRemoved()).isEqualTo(1);
        assertThat(result.cascadeTruncated()).isFalse();
        assertThat(countMatching(prefix + "*")).isZero();
        assertThat(countMatching(layout.namespace() + "*")).isZero();
    }

    @Test
    void apply_cascadeThroughACycle_ends() {
        String a = key("a");
        String b = key("b");
        String c = key("c");
        set(a, b, c);
        dependsOn(a, b);
        dependsOn(b, c);
        dependsOn(c, a);

        ApplyResult result = apply(RedisWork.keys(Set.of(a)).withCascade());

        assertThat(result.dependentsRemoved()).isEqualTo(2);
        assertThat(result.cascadeTruncated()).isFalse();
        assertThat(countMatching(prefix + "*")).isZero();
        assertThat(countMatching(layout.namespace() + "*")).isZero();
    }

    @Test
    void apply_cascadeFromTagMembers_removesTheirDependents() {
        String member = key("product:7");
        String page = key("page:home");
        set(member, page);
        redis.sadd(layout.tagSetKey("products"), member);
        dependsOn(member, page);

        ApplyResult result = apply(RedisWork.tags(Set.of("products")).withCascade());

        assertThat(result.keysRemoved()).isEqualTo(1);
        assertThat(result.dependentsRemoved()).isEqualTo(1);
        assertThat(redis.exists(page)).isFalse();
    }

    @Test
    void apply_cascadeWithoutTheFlag_leavesDependents() {
        String a = key("a");
        String b = key("b");
        set(a, b);
        dependsOn(a, b);

        ApplyResult result = apply(RedisWork.keys(Set.of(a)));

        assertThat(result.dependentsRemoved()).isZero();
        assertThat(redis.exists(b)).isTrue();
        assertThat(redis.smembers(layout.dependentsKey(a))).containsExactly(b);
    }

    @Test
    void apply_cascadeDeeperThanTheLimit_reportsTheDepthLimit() {
        String a = key("a");
        String b = key("b");
        String c = key("c");
        String d = key("d");
        set(a, b, c, d);
        dependsOn(a, b);
        dependsOn(b, c);
        dependsOn(c, d);

        ApplyResult result = apply(RedisWork.keys(Set.of(a)).withCascade(), new CascadeLimits(2, 100));

        assertThat(result.dependentsRemoved()).isEqualTo(2);
        assertThat(result.depthLimitReached()).isTrue();
        assertThat(result.fanOutLimitReached()).isFalse();
        assertThat(redis.exists(d)).isTrue();
        assertThat(redis.smembers(layout.dependentsKey(c))).containsExactly(d);
    }

    @Test
    void apply_cascadeExactlyAsDeepAsTheLimit_reportsNoLimit() {
        String a = key("a");
        String b = key("b");
        String c = key("c");
        set(a, b, c);
        dependsOn(a, b);
        dependsOn(b, c);

        ApplyResult result = apply(RedisWork.keys(Set.of(a)).withCascade(), new CascadeLimits(2, 100));

        assertThat(result.dependentsRemoved()).isEqualTo(2);
        assertThat(result.cascadeTruncated()).isFalse();
    }

    @Test
    void apply_cascadeWiderThanTheLimit_reportsTheFanOutLimit() {
        String hub = key("hub");
        List<String> pages = keys("page", 10);
        set(hub);
        set(pages.toArray(String[]::new));
        redis.sadd(layout.dependentsKey(hub), pages.toArray(String[]::new));

        ApplyResult result = apply(RedisWork.keys(Set.of(hub)).withCascade(), new CascadeLimits(5, 4));

        assertThat(result.dependentsRemoved()).isEqualTo(4);
        assertThat(result.fanOutLimitReached()).isTrue();
        assertThat(result.depthLimitReached()).isFalse();
        // What the limit left stays registered, so that a later cascade still finds it.
        assertThat(redis.scard(layout.dependentsKey(hub))).isEqualTo(6);
        assertThat(redis.exists(pages.toArray(String[]::new))).isEqualTo(6);
    }

    @Test
    void preview_mixedWork_removesNothingAndCountsWhatApplyRemoves() {
        List<String> asked = keys("asked", 20);
        String missing = key("never-written");
        List<String> products = keys("product", 50);
        List<String> tagged = keys("tagged", 30);
        String b = key("b");
        String c = key("c");
        String page = key("page");
        set(asked.toArray(String[]::new));
        set(products.toArray(String[]::new));
        set(tagged.toArray(String[]::new));
        set(b, c, page, layout.leaseKey(asked.get(0)), layout.leaseKey(products.get(0)), layout.leaseKey(c));
        redis.sadd(layout.tagSetKey("t"), tagged.toArray(String[]::new));
        // A cycle from an asked key, and a dependent of a tag member.
        dependsOn(asked.get(0), b);
        dependsOn(b, c);
        dependsOn(c, asked.get(0));
        dependsOn(tagged.get(0), page);
        Set<String> askedKeys = new LinkedHashSet<>(asked);
        askedKeys.add(missing);
        RedisWork work = new RedisWork(askedKeys, Set.of(prefix + "product:*"), Set.of("t"), true);
        Set<String> before = allTestKeys();

        Preview preview;
        try (RedisApplier applier = RedisApplier.connect(REDIS, layout, CascadeLimits.DEFAULTS,
                PatternBudget.DEFAULTS)) {
            preview = applier.preview(work, 3);
        }

        assertThat(allTestKeys()).isEqualTo(before);
        assertThat(preview.keysExisting()).isEqualTo(20);
        Preview.Matches pattern = preview.patterns().get(prefix + "product:*");
        assertThat(pattern.count()).isEqualTo(50);
        assertThat(pattern.sample()).hasSize(3).isSubsetOf(products);
        assertThat(pattern.stoppedEarly()).isFalse();
        assertThat(preview.tags().get("t").count()).isEqualTo(30);
        assertThat(preview.tags().get("t").sample()).hasSize(3).isSubsetOf(tagged);
        assertThat(preview.cascade().count()).isEqualTo(3);
        assertThat(preview.cascade().sample()).containsExactlyInAnyOrder(b, c, page);
        assertThat(preview.stoppedEarly()).isFalse();

        ApplyResult result = apply(work);

        // Every tag member's value exists here, so the apply removes as many values as the tag has members.
        assertThat(result.keysRemoved())
                .isEqualTo(preview.keysExisting() + pattern.count() + preview.tags().get("t").count());
        assertThat(result.tagMembersRemoved()).isEqualTo(preview.tags().get("t").count());
        assertThat(result.dependentsRemoved()).isEqualTo(preview.cascade().count());
    }

    @Test
    void preview_withoutCascade_reachesNoDependentsAndSamplesNothingAtLimitZero() {
        String a = key("a");
        String b = key("b");
        set(a, b);
        dependsOn(a, b);

        Preview preview;
        try (RedisApplier applier = RedisApplier.connect(REDIS, layout, CascadeLimits.DEFAULTS,
                PatternBudget.DEFAULTS)) {
            preview = applier.preview(new RedisWork(Set.of(a), Set.of(prefix + "*"), Set.of(), false), 0);
        }

        assertThat(preview.keysExisting()).isEqualTo(1);
        assertThat(preview.patterns().get(prefix + "*").count()).isEqualTo(2);
        assertThat(preview.patterns().get(prefix + "*").sample()).isEmpty();
        assertThat(preview.cascade()).isEqualTo(Preview.Cascade.NONE);
    }

    @Test
    void preview_patternOverItsBudget_saysItStoppedEarly() {
        List<String> many = keys("many", 20_000);
        try (Pipeline pipeline = redis.pipelined()) {
            many.forEach(k -> pipeline.set(k, "v"));
            pipeline.sync();
        }

        Preview preview;
        try (RedisApplier applier = RedisApplier.connect(REDIS, layout, CascadeLimits.DEFAULTS,
                new PatternBudget(1, Duration.ofSeconds(10)))) {
            preview = applier.preview(RedisWork.patterns(Set.of(prefix + "many:*")), 10);
        }

        Preview.Matches matches = preview.patterns().get(prefix + "many:*");
        assertThat(matches.stoppedEarly()).isTrue();
        assertThat(matches.count()).isLessThan(20_000);
        assertThat(preview.stoppedEarly()).isTrue();
        assertThat(countMatching(prefix + "many:*")).isEqualTo(20_000);
    }

    @Test
    void preview_cascadeWiderThanTheLimit_reportsTheFanOutLimit() {
        String hub = key("hub");
        List<String> pages = keys("page", 10);
        set(hub);
        set(pages.toArray(String[]::new));
        redis.sadd(layout.dependentsKey(hub), pages.toArray(String[]::new));

        Preview preview;
        try (RedisApplier applier = RedisApplier.connect(REDIS, layout, new CascadeLimits(5, 4),
                PatternBudget.DEFAULTS)) {
            preview = applier.preview(RedisWork.keys(Set.of(hub)).withCascade(), 10);
        }

        assertThat(preview.cascade().count()).isEqualTo(4);
        assertThat(preview.cascade().fanOutLimitReached()).isTrue();
        assertThat(preview.cascade().depthLimitReached()).isFalse();
        assertThat(redis.exists(pages.toArray(String[]::new))).isEqualTo(10);
        assertThat(redis.scard(layout.dependentsKey(hub))).isEqualTo(10);
    }

    @Test
    void preview_badArguments_areRefused() {
        try (RedisApplier applier = RedisApplier.connect(REDIS, layout, CascadeLimits.DEFAULTS,
                PatternBudget.DEFAULTS)) {
            assertThatThrownBy(() -> applier.preview(RedisWork.keys(Set.of(key("k"))), -1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("sampleLimit");
            String leaseKey = layout.leaseKey(key("k"));
            assertThatThrownBy(() -> applier.preview(RedisWork.keys(Set.of(leaseKey)), 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(leaseKey);
        }
    }

    @Test
    void apply_aclUserWithPassword_isAuthenticated(@TempDir Path directory) {
        try (RedisServerProcess secured = RedisServerProcess.start(directory,
                "--user", "default", "off", "--user", "invalidator", "on", ">s3cret", "~*", "+@all")) {
            String k = key("k");
            try (Jedis admin = secured.connect()) {
                admin.auth("invalidator", "s3cret");
                admin.set(k, "v");
            }
            RedisConnection connection = RedisConnection.standalone(secured.endpoint())
                    .withCredentials("invalidator", "s3cret");

            ApplyResult result;
            try (RedisApplier applier = RedisApplier.connect(connection, layout, CascadeLimits.DEFAULTS,
                    PatternBudget.DEFAULTS)) {
                result = applier.apply(RedisWork.keys(Set.of(k)));
            }

            assertThat(result.keysRemoved()).isEqualTo(1);
        }
    }

    @Test
    void apply_wrongPassword_isUnavailabilityNamingHostAndPort(@TempDir Path directory) {
        try (RedisServerProcess secured = RedisServerProcess.start(directory, "--requirepass", "s3cret")) {
            RedisConnection connection = RedisConnection.standalone(secured.endpoint())
                    .withCredentials(null, "wrong");

            try (RedisApplier applier = RedisApplier.connect(connection, layout, CascadeLimits.DEFAULTS,
                    PatternBudget.DEFAULTS)) {
                assertThatThrownBy(() -> applier.apply(RedisWork.keys(Set.of(key("k")))))
                        .isInstanceOf(RedisUnavailableException.class)
                        .hasMessageContaining("Redis at " + secured.endpoint())
                        .hasMessageNotContaining("wrong");
            }
        }
    }

    @Test
    void apply_redisUnreachable_namesHostAndPort() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        RedisEndpoint nowhere = new RedisEndpoint("127.0.0.1", closedPort);

        try (RedisApplier applier = RedisApplier.connect(nowhere, layout, CascadeLimits.DEFAULTS, PatternBudget.DEFAULTS)) {
            assertThatThrownBy(() -> applier.apply(RedisWork.keys(Set.of(key("k")))))
                    .isInstanceOf(RedisUnavailableException.class)
                    .hasMessageContaining("127.0.0.1:" + closedPort);
        }
    }

    @Test
    void apply_100000Keys_printsThroughput() {
        List<String> keys = keys("bulk", 100_000);
        try (Pipeline pipeline = redis.pipelined()) {
            for (List<String> chunk : chunks(keys, 1_000)) {
                List<String> keysAndValues = new ArrayList<>();
                chunk.forEach(k -> {
                    keysAndValues.add(k);
                    keysAndValues.add("v");
                });
                pipeline.mset(keysAndValues.toArray(String[]::new));
            }
            pipeline.sync();
        }

        long start = System.nanoTime();
        ApplyResult result = apply(RedisWork.keys(new LinkedHashSet<>(keys)));
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(result.keysRemoved()).isEqualTo(100_000);
        System.out.printf("removed 100,000 keys (with their lease keys) in %.3f s, %d round trips: %,.0f keys/s%n",
                seconds, result.roundTrips(), 100_000 / seconds);
    }

    @Test
    void apply_versions_incrementTheCountersAndRemoveNothing() {
        String plain = key("user:7");
        String hashTagged = "{" + key("user") + "}.settings";
        set(plain, layout.versionedValueKey(plain, 0), layout.versionedValueKey(hashTagged, 0));

        ApplyResult first = apply(RedisWork.versions(Set.of(plain, hashTagged)));
        ApplyResult second = apply(RedisWork.versions(Set.of(plain)));

        assertThat(first.versionsBumped()).isEqualTo(2);
        assertThat(second.versionsBumped()).isEqualTo(1);
        assertThat(first.keysRemoved() + second.keysRemoved()).isZero();
        assertThat(redis.get(layout.versionKey(plain))).isEqualTo("2");
        assertThat(redis.get(layout.versionKey(hashTagged))).isEqualTo("1");
        assertThat(redis.exists(plain)).isTrue();
        assertThat(redis.exists(layout.versionedValueKey(plain, 0))).isTrue();
        assertThat(redis.exists(layout.versionedValueKey(hashTagged, 0))).isTrue();
    }

    @Test
    void apply_versionedKeyInTheNamespace_isRefused() {
        assertThatThrownBy(() -> apply(RedisWork.versions(Set.of(layout.namespace() + "x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("namespace");
    }

    @Test
    void apply_generationBasedTag_incrementsItsGenerationAndLeavesItsMembers() {
        String generationTag = prefix + "category:3";
        String setTag = prefix + "brand:1";
        List<String> categoryMembers = keys("in-category", 10);
        List<String> brandMembers = keys("in-brand", 10);
        set(categoryMembers.toArray(String[]::new));
        set(brandMembers.toArray(String[]::new));
        redis.sadd(layout.tagSetKey(generationTag), categoryMembers.toArray(String[]::new));
        redis.sadd(layout.tagSetKey(setTag), brandMembers.toArray(String[]::new));

        ApplyResult result;
        try (RedisApplier applier = RedisApplier.connect(RedisConnection.standalone(REDIS), layout,
                CascadeLimits.DEFAULTS, PatternBudget.DEFAULTS, TagGenerations.prefixes(prefix + "category:"))) {
            result = applier.apply(RedisWork.tags(Set.of(generationTag, setTag)));
        }

        assertThat(result.tagGenerationsBumped()).isEqualTo(1);
        assertThat(redis.get(layout.tagGenerationKey(generationTag))).isEqualTo("1");
        assertThat(redis.scard(layout.tagSetKey(generationTag))).isEqualTo(10);
        assertThat(redis.exists(categoryMembers.toArray(String[]::new))).isEqualTo(10);
        // The set-based tag of the same work is removed as before.
        assertThat(result.keysRemoved()).isEqualTo(10);
        assertThat(redis.exists(brandMembers.toArray(String[]::new))).isZero();
        assertThat(redis.get(layout.tagGenerationKey(setTag))).isNull();
    }

    @Test
    void preview_generationBasedTagAndVersions_countNoMembersAndChangeNothing() {
        String generationTag = prefix + "category:3";
        String member = key("in-category");
        set(member);
        redis.sadd(layout.tagSetKey(generationTag), member);

        Preview preview;
        try (RedisApplier applier = RedisApplier.connect(RedisConnection.standalone(REDIS), layout,
                CascadeLimits.DEFAULTS, PatternBudget.DEFAULTS, TagGenerations.prefixes(prefix + "category:"))) {
            preview = applier.preview(new RedisWork(Set.of(), Set.of(), Set.of(generationTag),
                    Set.of(key("user:7")), false), 10);
        }

        assertThat(preview.tags()).isEmpty();
        assertThat(redis.exists(layout.tagGenerationKey(generationTag))).isFalse();
        assertThat(redis.exists(layout.versionKey(key("user:7")))).isFalse();
    }

    /**
     * The benchmark of the strategies issue: one tag of 100,000 members invalidated as a set (SSCAN, UNLINK, SREM)
     * and, in the same run, as a generation (one INCR). Prints both; asserts only what each did.
     */
    @Test
    void apply_tagOf100000Members_asASetAndAsAGeneration_printsBoth() {
        String tag = prefix + "category:big";
        List<String> members = keys("big", 100_000);
        String tagSet = layout.tagSetKey(tag);
        try (Pipeline pipeline = redis.pipelined()) {
            for (List<String> chunk : chunks(members, 1_000)) {
                List<String> keysAndValues = new ArrayList<>();
                chunk.forEach(k -> {
                    keysAndValues.add(k);
                    keysAndValues.add("v");
                });
                pipeline.mset(keysAndValues.toArray(String[]::new));
                pipeline.sadd(tagSet, chunk.toArray(String[]::new));
            }
            pipeline.sync();
        }

        long setStart = System.nanoTime();
        ApplyResult asSet = apply(RedisWork.tags(Set.of(tag)));
        double setSeconds = (System.nanoTime() - setStart) / 1e9;
        ApplyResult asGeneration;
        double generationSeconds;
        try (RedisApplier applier = RedisApplier.connect(RedisConnection.standalone(REDIS), layout,
                CascadeLimits.DEFAULTS, PatternBudget.DEFAULTS, TagGenerations.prefixes(prefix + "category:"))) {
            applier.apply(RedisWork.tags(Set.of(prefix + "category:warm-up"))); // connects, so only the INCR is timed
            long generationStart = System.nanoTime();
            asGeneration = applier.apply(RedisWork.tags(Set.of(tag)));
            generationSeconds = (System.nanoTime() - generationStart) / 1e9;
        }

        assertThat(asSet.keysRemoved()).isEqualTo(100_000);
        assertThat(asSet.tagMembersRemoved()).isEqualTo(100_000);
        assertThat(asGeneration.tagGenerationsBumped()).isEqualTo(1);
        assertThat(asGeneration.keysRemoved()).isZero();
        System.out.printf("tag of 100,000 members invalidated as a set: %.1f ms, %d round trips; "
                        + "as a generation: %.3f ms, %d round trip(s)%n", setSeconds * 1e3, asSet.roundTrips(),
                generationSeconds * 1e3, asGeneration.roundTrips());
    }

    /** {@code nodes}, running {@code action} just before opening its {@code n}th round trip. */
    @Test
    void nextEpoch_storedCounterAndClock_growsEvenWhenTheClockStepsBackOrTheCounterIsLost() {
        String publisher = prefix + "node-1";
        try (RedisApplier applier = RedisApplier.connect(REDIS, layout, CascadeLimits.DEFAULTS,
                PatternBudget.DEFAULTS)) {
            assertThat(applier.nextEpoch(publisher, 1_000)).as("first start").isEqualTo(1_000);
            assertThat(applier.nextEpoch(publisher, 500)).as("clock stepped back").isEqualTo(1_001);
            assertThat(applier.nextEpoch(publisher, 2_000)).as("clock moved on").isEqualTo(2_000);
            redis.del(layout.publisherEpochKey(publisher));
            assertThat(applier.nextEpoch(publisher, 3_000)).as("counter lost").isEqualTo(3_000);
            assertThat(applier.nextEpoch(publisher, 1_795_587_614_519_000L)).as("microseconds, far beyond 2^32")
                    .isEqualTo(1_795_587_614_519_000L);
            assertThat(redis.get(layout.publisherEpochKey(publisher))).isEqualTo("1795587614519000");
        } finally {
            redis.del(layout.publisherEpochKey(publisher));
        }
    }

    private static RedisNodes beforeRoundTrip(RedisNodes nodes, int n, Runnable action) {
        int[] opened = {0};
        return new RedisNodes() {
            @Override
            public RoundTrip roundTrip() {
                if (++opened[0] == n) {
                    action.run();
                }
                return nodes.roundTrip();
            }

            @Override
            public List<HostAndPort> masters() {
                return nodes.masters();
            }

            @Override
            public List<List<String>> chunks(java.util.Collection<String> keys, int chunkSize) {
                return nodes.chunks(keys, chunkSize);
            }

            @Override
            public void failed() {
                nodes.failed();
            }

            @Override
            public void close() {
                nodes.close();
            }
        };
    }

    private static Jedis connect() {
        return new Jedis(new HostAndPort(REDIS.host(), REDIS.port()), CLIENT_CONFIG);
    }

    private ApplyResult apply(RedisWork work) {
        return apply(work, CascadeLimits.DEFAULTS);
    }

    private ApplyResult apply(RedisWork work, CascadeLimits limits) {
        return apply(work, limits, PatternBudget.DEFAULTS);
    }

    private ApplyResult apply(RedisWork work, CascadeLimits limits, PatternBudget budget) {
        try (RedisApplier applier = RedisApplier.connect(REDIS, layout, limits, budget)) {
            return applier.apply(work);
        }
    }

    private String key(String name) {
        return prefix + name;
    }

    private List<String> keys(String name, int count) {
        return IntStream.range(0, count).mapToObj(i -> key(name + ":" + i)).collect(Collectors.toList());
    }

    private void set(String... keys) {
        for (String key : keys) {
            redis.set(key, "v");
        }
    }

    private void dependsOn(String key, String dependent) {
        redis.sadd(layout.dependentsKey(key), dependent);
    }

    private static List<List<String>> chunks(List<String> keys, int size) {
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < keys.size(); i += size) {
            chunks.add(keys.subList(i, Math.min(i + size, keys.size())));
        }
        return chunks;
    }

    private Set<String> allTestKeys() {
        Set<String> keys = new java.util.HashSet<>(scan(prefix + "*"));
        keys.addAll(scan(layout.namespace() + "*"));
        return keys;
    }

    private long countMatching(String pattern) {
        return scan(pattern).size();
    }

    private void unlinkMatching(String pattern) {
        for (List<String> chunk : chunks(scan(pattern), 1_000)) {
            redis.unlink(chunk.toArray(String[]::new));
        }
    }

    private List<String> scan(String pattern) {
        List<String> found = new ArrayList<>();
        ScanParams params = new ScanParams().match(pattern).count(10_000);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            found.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return found;
    }
}
