package dev.invalidator.schemas.redis;

import java.util.Objects;
import java.util.Optional;

/**
 * Names of the Redis structures the service and the client library share; REDIS-LAYOUT.md in this module says what
 * each holds, who writes it, who deletes it, and why. Cache values keep the application's own key names; everything
 * the invalidator adds lives under one namespace prefix (default {@value #DEFAULT_NAMESPACE}), so that no cache key
 * can collide with it and pattern scans can skip it.
 *
 * <p>Immutable. Service and clients must be configured with the same namespace.
 */
public final class RedisKeyLayout {

    public static final String DEFAULT_NAMESPACE = "inv:";

    private final String namespace;

    /** The layout under {@value #DEFAULT_NAMESPACE}. */
    public RedisKeyLayout() {
        this(DEFAULT_NAMESPACE);
    }

    /**
     * @param namespace prefix of every key this layout names, e.g. {@code inv:} or {@code shop-inv:}
     * @throws IllegalArgumentException when the namespace is empty or contains a brace: a brace would give the
     *                                  layout's keys a hash tag of its own and move lease keys off their cache
     *                                  key's slot
     */
    public RedisKeyLayout(String namespace) {
        Objects.requireNonNull(namespace, "namespace");
        if (namespace.isEmpty()) {
            throw new IllegalArgumentException("the namespace must not be empty: without one, the invalidator's "
                    + "keys could collide with cache keys");
        }
        if (namespace.indexOf('{') >= 0 || namespace.indexOf('}') >= 0) {
            throw new IllegalArgumentException("the namespace '" + namespace + "' must not contain '{' or '}': "
                    + "braces would form a Redis Cluster hash tag and move lease keys to another slot than "
                    + "their cache keys");
        }
        this.namespace = namespace;
    }

    public String namespace() {
        return namespace;
    }

    /**
     * The SET of cache keys stored under {@code tag}. The client adds a key before it writes the key's value; the
     * service removes the members it invalidated. Tag sets may be in any slot.
     */
    public String tagSetKey(String tag) {
        requireNonEmpty(tag, "tag");
        return namespace + "tag:" + tag;
    }

    /**
     * The SET of cache keys derived from {@code cacheKey}, which a cascading invalidation of {@code cacheKey} also
     * invalidates. The client adds a dependent before it writes the dependent's value; the service removes the
     * members it invalidated. Dependents sets may be in any slot.
     */
    public String dependentsKey(String cacheKey) {
        requireCacheKey(cacheKey);
        return namespace + "deps:" + cacheKey;
    }

    /**
     * The lease marker of {@code cacheKey}: holds the token of the reader currently allowed to fill the key. Always
     * in the same Redis Cluster slot as {@code cacheKey}, so that one Lua script, or one {@code UNLINK}, can take
     * both atomically:
     * <ul>
     *   <li>a key with its own hash tag keeps it:
     *       {@code {user1000}.following} → {@code inv:lease:ht:{user1000}.following};
     *   <li>any other key becomes the hash tag: {@code product:7} → {@code inv:lease:{product:7}}.
     * </ul>
     * The two forms differ right after {@code lease:}, so keys of one form never equal keys of the other.
     *
     * @throws IllegalArgumentException when {@code cacheKey} contains <code>&#125;</code> but has no valid hash tag
     *                                  (e.g. <code>a&#125;b</code> or <code>a&#123;&#125;b</code>): Redis hashes such
     *                                  a key whole, and no key around it can have that whole key as its hash tag
     *                                  (the tag would end at the key's own <code>&#125;</code>)
     */
    public String leaseKey(String cacheKey) {
        return inSlotOf("lease:", cacheKey);
    }

    /**
     * The version counter of a versioned cache key: an integer, missing means 0. The service increments it to
     * invalidate every value stored under an older version ({@link #versionedValueKey}); the client reads it before
     * it reads or fills the key. In the same slot as {@code cacheKey}, built as {@link #leaseKey} is:
     * {@code user:7} → {@code inv:ver:{user:7}}, {@code {user1000}.following} → {@code inv:ver:ht:{user1000}.following}.
     * Never deleted: a counter that went back to an earlier number would make old values reachable again.
     */
    public String versionKey(String cacheKey) {
        return inSlotOf("ver:", cacheKey);
    }

    /**
     * Where the value of a versioned cache key is stored under {@code version}: {@code <key>@v<version>}, with the
     * key wrapped in braces when it has no hash tag of its own, so that value, version counter and lease share a
     * Redis Cluster slot and one script can check the lease and the version while it stores the value:
     * {@code user:7}, version 3 → <code>&#123;user:7&#125;@v3</code>; {@code {user1000}.following} →
     * <code>&#123;user1000&#125;.following@v3</code>.
     *
     * @throws IllegalArgumentException for the keys {@link #leaseKey} rejects, and for a key that is nothing but its
     *                                  hash tag (<code>&#123;user:7&#125;</code>): its versioned name would be that
     *                                  of {@code user:7}, which hashes to the same slot and can be used instead
     */
    public String versionedValueKey(String cacheKey, long version) {
        requireCacheKey(cacheKey);
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative, was " + version);
        }
        Optional<String> tag = HashTag.of(cacheKey);
        if (tag.isEmpty()) {
            requireNoClosingBrace(cacheKey);
            return "{" + cacheKey + "}@v" + version;
        }
        if (cacheKey.equals("{" + tag.get() + "}")) {
            throw new IllegalArgumentException("cache key '" + cacheKey + "' is nothing but a hash tag, and its "
                    + "versioned name would be that of the key '" + tag.get() + "'; version '" + tag.get()
                    + "' instead, which Redis Cluster puts in the same slot");
        }
        return cacheKey + "@v" + version;
    }

    /**
     * The generation counter of a generation-based tag: an integer, missing means 0. The service increments it to
     * invalidate everything stored under the tag, instead of removing the tag set's members; the client records the
     * generations of an entry's tags when it stores the entry ({@link #generationsKey}) and treats an entry with an
     * older generation as a miss. May be in any slot; never deleted, for the reason {@link #versionKey} gives.
     */
    public String tagGenerationKey(String tag) {
        requireNonEmpty(tag, "tag");
        return namespace + "tgen:" + tag;
    }

    /**
     * The HASH of tag → generation recorded when the value at {@code storedKey} was written, for its
     * generation-based tags; written with the value in one script and given the value's TTL. In the same slot as
     * {@code storedKey}, built as {@link #leaseKey} is: {@code product:7} → {@code inv:gens:{product:7}}.
     */
    public String generationsKey(String storedKey) {
        return inSlotOf("gens:", storedKey);
    }

    /**
     * The source position of the change last written to, or removed from, a refreshed cache key (a rule's
     * {@code refresh} target): text that sorts in log order ({@code dev.invalidator.schemas.change.SourceOrder}),
     * with the value's TTL. The service writes the value only when this is not newer, so a replayed or late older
     * change cannot put an older row back; after a delete it stays as a tombstone for the TTL. In the same slot as
     * {@code cacheKey}, built as {@link #leaseKey} is: {@code product:7} → {@code inv:rpos:{product:7}}.
     */
    public String refreshPositionKey(String cacheKey) {
        return inSlotOf("rpos:", cacheKey);
    }

    /** {@code <namespace><kind>} followed by the key, made to hash to the key's Redis Cluster slot. */
    private String inSlotOf(String kind, String cacheKey) {
        requireCacheKey(cacheKey);
        if (HashTag.of(cacheKey).isPresent()) {
            return namespace + kind + "ht:" + cacheKey;
        }
        requireNoClosingBrace(cacheKey);
        return namespace + kind + "{" + cacheKey + "}";
    }

    private static void requireNoClosingBrace(String cacheKey) {
        if (cacheKey.indexOf('}') >= 0) {
            throw new IllegalArgumentException("cache key '" + cacheKey + "' contains '}' but no valid hash tag, so "
                    + "Redis Cluster hashes it whole and no lease key can be placed in its slot; give the key a "
                    + "non-empty hash tag such as '{user:42}' or keep '}' out of cache keys");
        }
    }

    /**
     * The counter a publisher takes its broadcast epoch from at start-up, so that its epoch grows across restarts.
     * Written only by the service; never deleted.
     */
    public String publisherEpochKey(String publisherId) {
        requireNonEmpty(publisherId, "publisherId");
        return namespace + "epoch:" + publisherId;
    }

    /** The Redis Pub/Sub channel broadcasts go to when Redis, not Kafka, carries them. */
    public String broadcastChannel() {
        return namespace + "broadcast";
    }

    /**
     * Whether {@code redisKey} is one of the invalidator's own keys rather than a cache key: the service skips these
     * when a pattern matches them, and refuses to invalidate them on request.
     */
    public boolean isLayoutKey(String redisKey) {
        return redisKey.startsWith(namespace);
    }

    private void requireCacheKey(String cacheKey) {
        requireNonEmpty(cacheKey, "cache key");
        if (isLayoutKey(cacheKey)) {
            throw new IllegalArgumentException("cache key '" + cacheKey + "' starts with the invalidator's namespace '"
                    + namespace + "'; cache keys must not, or they could collide with the invalidator's own keys");
        }
    }

    private static void requireNonEmpty(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty()) {
            throw new IllegalArgumentException("the " + what + " must not be empty");
        }
    }
}
