package dev.invalidator.schemas.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RedisKeyLayoutTest {

    private final RedisKeyLayout layout = new RedisKeyLayout();

    @Test
    void keys_useTheDefaultNamespace() {
        assertThat(layout.namespace()).isEqualTo("inv:");
        assertThat(layout.tagSetKey("category:3")).isEqualTo("inv:tag:category:3");
        assertThat(layout.dependentsKey("product:7")).isEqualTo("inv:deps:product:7");
        assertThat(layout.leaseKey("product:7")).isEqualTo("inv:lease:{product:7}");
        assertThat(layout.leaseKey("{user1000}.following")).isEqualTo("inv:lease:ht:{user1000}.following");
        assertThat(layout.publisherEpochKey("invalidator-0")).isEqualTo("inv:epoch:invalidator-0");
        assertThat(layout.broadcastChannel()).isEqualTo("inv:broadcast");
    }

    @Test
    void versionAndGenerationKeys_followTheLayout() {
        assertThat(layout.versionKey("user:7")).isEqualTo("inv:ver:{user:7}");
        assertThat(layout.versionKey("{user1000}.following")).isEqualTo("inv:ver:ht:{user1000}.following");
        assertThat(layout.versionedValueKey("user:7", 3)).isEqualTo("{user:7}@v3");
        assertThat(layout.versionedValueKey("{user1000}.following", 0)).isEqualTo("{user1000}.following@v0");
        assertThat(layout.tagGenerationKey("category:3")).isEqualTo("inv:tgen:category:3");
        assertThat(layout.generationsKey("product:7")).isEqualTo("inv:gens:{product:7}");
        assertThat(layout.generationsKey("{user:7}@v3")).isEqualTo("inv:gens:ht:{user:7}@v3");
    }

    @Test
    void refreshPositionKey_followsTheLayoutInTheKeysSlot() {
        assertThat(layout.refreshPositionKey("product:7")).isEqualTo("inv:rpos:{product:7}");
        assertThat(layout.refreshPositionKey("{user1000}.following")).isEqualTo("inv:rpos:ht:{user1000}.following");
        assertThat(RedisClusterSlot.of(layout.refreshPositionKey("product:7"))).isEqualTo(RedisClusterSlot.of("product:7"));
        assertThatThrownBy(() -> layout.refreshPositionKey("a}b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void versionedValueKey_keyThatIsOnlyAHashTag_isRejectedNamingTheKeyToUse() {
        assertThatThrownBy(() -> layout.versionedValueKey("{user:7}", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 'user:7' instead");
        assertThatThrownBy(() -> layout.versionedValueKey("a}b", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no valid hash tag");
        assertThatThrownBy(() -> layout.versionedValueKey("inv:x", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Value, version counter, lease and recorded generations of a versioned key: one slot, one script. */
    @Property(tries = 5_000)
    void versionedKeys_anyAcceptedKey_shareTheKeysSlot(@ForAll("cacheKeys") String cacheKey,
                                                      @ForAll @net.jqwik.api.constraints.LongRange(min = 0) long version) {
        Assume.that(!mustBeRejected(cacheKey) && HashTag.of(cacheKey).map(t -> !cacheKey.equals("{" + t + "}"))
                .orElse(true));
        int slot = RedisClusterSlot.of(cacheKey);
        String valueKey = layout.versionedValueKey(cacheKey, version);

        assertThat(RedisClusterSlot.of(valueKey)).isEqualTo(slot);
        assertThat(RedisClusterSlot.of(layout.versionKey(cacheKey))).isEqualTo(slot);
        assertThat(RedisClusterSlot.of(layout.generationsKey(valueKey))).isEqualTo(slot);
        assertThat(RedisClusterSlot.of(layout.leaseKey(cacheKey))).isEqualTo(slot);
    }

    /** Different versioned keys, or versions, never share a stored name. */
    @Property(tries = 5_000)
    void versionedValueKey_differentKeysOrVersions_differentNames(@ForAll("cacheKeys") String first,
                                                                 @ForAll("cacheKeys") String second,
                                                                 @ForAll boolean wrapSecond,
                                                                 @ForAll @net.jqwik.api.constraints.IntRange(max = 12) int v1,
                                                                 @ForAll @net.jqwik.api.constraints.IntRange(max = 12) int v2) {
        String other = wrapSecond ? "{" + first + "}" : second;
        Assume.that(!(first.equals(other) && v1 == v2));
        String a;
        String b;
        try {
            a = layout.versionedValueKey(first, v1);
            b = layout.versionedValueKey(other, v2);
        } catch (IllegalArgumentException rejected) {
            return;
        }
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void keys_useAConfiguredNamespace() {
        RedisKeyLayout shop = new RedisKeyLayout("shop-inv:");

        assertThat(shop.tagSetKey("t")).isEqualTo("shop-inv:tag:t");
        assertThat(shop.leaseKey("k")).isEqualTo("shop-inv:lease:{k}");
    }

    @Test
    void constructor_emptyNamespace_isRejected() {
        assertThatThrownBy(() -> new RedisKeyLayout("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be empty");
    }

    @Test
    void constructor_namespaceWithBrace_isRejectedSayingWhy() {
        assertThatThrownBy(() -> new RedisKeyLayout("{inv}:")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not contain '{' or '}'")
                .hasMessageContaining("hash tag");
    }

    @Test
    void leaseKey_keyWithBraceButNoValidHashTag_isRejectedSayingWhatToDo() {
        for (String key : new String[] {"a}b", "a{}b", "}", "x{}{y}", "a}{b"}) {
            assertThatThrownBy(() -> layout.leaseKey(key)).as(key)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no valid hash tag")
                    .hasMessageContaining("give the key a non-empty hash tag");
        }
    }

    @Test
    void leaseKey_openBraceWithoutClose_isWrappedWhole() {
        assertThat(layout.leaseKey("a{b")).isEqualTo("inv:lease:{a{b}");
        assertSameSlot("a{b");
        assertSameSlot("{");
    }

    @Test
    void leaseKey_keyThatLooksLikeAWrappedLease_getsADifferentLeaseKey() {
        assertThat(layout.leaseKey("{product:7}")).isNotEqualTo(layout.leaseKey("product:7"));
    }

    @Test
    void leaseKey_emptyOrNamespacedKey_isRejected() {
        assertThatThrownBy(() -> layout.leaseKey("")).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> layout.leaseKey("inv:lease:{x}")).hasMessageContaining("namespace");
        assertThatThrownBy(() -> layout.dependentsKey("inv:tag:x")).hasMessageContaining("namespace");
    }

    @Test
    void isLayoutKey_tellsOwnKeysFromCacheKeys() {
        assertThat(layout.isLayoutKey(layout.leaseKey("product:7"))).isTrue();
        assertThat(layout.isLayoutKey(layout.tagSetKey("t"))).isTrue();
        assertThat(layout.isLayoutKey("product:7")).isFalse();
    }

    @Test
    void hashTag_followsTheFirstBracePair() {
        assertThat(HashTag.of("{user1000}.following")).contains("user1000");
        assertThat(HashTag.of("foo{{bar}}zap")).contains("{bar");
        assertThat(HashTag.of("foo{bar}{zap}")).contains("bar");
        assertThat(HashTag.of("foo{}{bar}")).isEmpty();
        assertThat(HashTag.of("product:7")).isEmpty();
        assertThat(HashTag.of("a{b")).isEmpty();
    }

    /** 100,000 keys from an alphabet dense in braces: every accepted key shares its lease key's slot. */
    @Test
    void leaseKey_manyGeneratedKeys_shareTheirKeysSlot() {
        Random random = new Random(20261125L);
        String[] pieces = {"{", "}", "a", "b", ":", "7", "é", "\uD83D\uDE00", "user", "{id}"};
        int wrapped = 0;
        int ownTag = 0;
        int rejected = 0;
        for (int i = 0; i < 100_000; i++) {
            StringBuilder key = new StringBuilder();
            int length = 1 + random.nextInt(10);
            for (int j = 0; j < length; j++) {
                key.append(pieces[random.nextInt(pieces.length)]);
            }
            String cacheKey = key.toString();
            if (mustBeRejected(cacheKey)) {
                assertThatThrownBy(() -> layout.leaseKey(cacheKey)).isInstanceOf(IllegalArgumentException.class);
                rejected++;
                continue;
            }
            String leaseKey = layout.leaseKey(cacheKey);
            assertThat(RedisClusterSlot.of(leaseKey)).as(cacheKey).isEqualTo(RedisClusterSlot.of(cacheKey));
            if (leaseKey.startsWith("inv:lease:ht:")) {
                ownTag++;
            } else {
                wrapped++;
            }
        }
        // The generator really exercised all three cases.
        assertThat(wrapped).isGreaterThan(1000);
        assertThat(ownTag).isGreaterThan(1000);
        assertThat(rejected).isGreaterThan(1000);
    }

    @Property(tries = 10_000)
    void leaseKey_anyKeyAndNamespace_sharesTheKeysSlotOrIsRejected(@ForAll("cacheKeys") String cacheKey,
                                                                 @ForAll("namespaces") String namespace) {
        RedisKeyLayout custom = new RedisKeyLayout(namespace);
        Assume.that(!cacheKey.startsWith(namespace));

        if (mustBeRejected(cacheKey)) {
            assertThatThrownBy(() -> custom.leaseKey(cacheKey)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no valid hash tag");
        } else {
            assertThat(RedisClusterSlot.of(custom.leaseKey(cacheKey))).isEqualTo(RedisClusterSlot.of(cacheKey));
        }
    }

    @Property(tries = 10_000)
    void hashTag_agreesWithRedisOnWhatIsHashed(@ForAll("cacheKeys") String key) {
        byte[] hashed = RedisClusterSlot.hashedPart(key.getBytes(StandardCharsets.UTF_8));

        assertThat(HashTag.of(key).orElse(key).getBytes(StandardCharsets.UTF_8)).isEqualTo(hashed);
    }

    /** Different cache keys never share a lease key, including keys that spell out another key's wrapped form. */
    @Property(tries = 5_000)
    void leaseKey_differentKeys_differentLeaseKeys(@ForAll("cacheKeys") String first,
                                                   @ForAll("cacheKeys") String second,
                                                   @ForAll boolean wrapSecond) {
        String other = wrapSecond ? "{" + first + "}" + second.substring(0, Math.min(1, second.length())) : second;
        Assume.that(!first.equals(other) && !mustBeRejected(first) && !mustBeRejected(other));

        assertThat(layout.leaseKey(first)).isNotEqualTo(layout.leaseKey(other));
    }

    @Provide
    Arbitrary<String> cacheKeys() {
        return Arbitraries.of("{", "}", "{}", "a", "b", ":", "-", "1", "é", "\uD83D\uDE00", "user", "{x}")
                .list().ofMinSize(1).ofMaxSize(12)
                .map(pieces -> String.join("", pieces));
    }

    @Provide
    Arbitrary<String> namespaces() {
        return Arbitraries.of("a", "inv", ":", "-", ".", "é", "\uD83D\uDE00", "x_")
                .list().ofMinSize(1).ofMaxSize(4)
                .map(pieces -> String.join("", pieces));
    }

    /**
     * Redis's own rule, from the test's slot function: a key with a '}' that Redis hashes whole has no lease key in
     * its slot.
     */
    private static boolean mustBeRejected(String cacheKey) {
        byte[] bytes = cacheKey.getBytes(StandardCharsets.UTF_8);
        boolean hashedWhole = Arrays.equals(RedisClusterSlot.hashedPart(bytes), bytes);
        return hashedWhole && cacheKey.indexOf('}') >= 0;
    }

    private void assertSameSlot(String cacheKey) {
        assertThat(RedisClusterSlot.of(layout.leaseKey(cacheKey))).isEqualTo(RedisClusterSlot.of(cacheKey));
    }
}
