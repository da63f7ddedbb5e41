package dev.invalidator.client.redis;

/**
 * The Lua scripts of the lease protocol (event-schemas/REDIS-LAYOUT.md). Each names only keys of one Redis Cluster
 * slot: a cache key with its lease key, or one set.
 */
final class Scripts {

    /**
     * KEYS: cache key, its lease key. ARGV: our token, the lease TTL in ms. Answers {1, value} when the key has a
     * value, {2} when we took the lease, {0} when another reader holds it. Reading and taking in one step matters: a
     * reader that saw the key missing and then took the lease right after another reader's fill (which frees the
     * lease) would load again for nothing.
     */
    static final String TAKE_LEASE = """
            local value = redis.call('GET', KEYS[1])
            if value then
              return {1, value}
            end
            if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
              return {2}
            end
            return {0}
            """;

    /**
     * KEYS: cache key, its lease key. ARGV: our token, the value, its TTL in ms. Writes the value and drops the lease
     * only while the lease still holds our token; otherwise the key was invalidated (or the lease expired and maybe
     * passed to another reader) since we took it, and what we loaded may be older than the database: store nothing.
     */
    static final String FILL = """
            if redis.call('GET', KEYS[2]) == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
              redis.call('DEL', KEYS[2])
              return 1
            end
            return 0
            """;

    /** KEYS: a lease key. ARGV: our token. Gives the lease up, unless it is no longer ours. */
    static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    /**
     * KEYS: a tag set or dependents set. ARGV: the cache key, the TTL in ms the set must at least have. Adds the key
     * and extends the set's TTL so that it outlives the value about to be written, never shortening it: members whose
     * values expired are cleared by the set's own expiry. A set without a TTL (PTTL -1) gets one.
     */
    static final String REGISTER = """
            redis.call('SADD', KEYS[1], ARGV[1])
            if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return 1
            """;

    private Scripts() {
    }
}
