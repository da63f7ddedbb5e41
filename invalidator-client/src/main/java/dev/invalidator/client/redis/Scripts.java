package dev.invalidator.client.redis;

/**
 * The Lua scripts of the lease protocol (event-schemas/REDIS-LAYOUT.md). Each names only keys of one Redis Cluster
 * slot: a cache key (or a versioned key's stored name) with its lease key, version counter and recorded generations,
 * all of which the layout puts in the key's slot; or one set.
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
     * Whether the generations recorded for a value are current: KEYS[n] is the recorded-generations hash, ARGV from
     * {@code first} on are pairs of tag and the tag's current generation. Missing or older is stale (REDIS-LAYOUT.md,
     * tag generations).
     */
    private static final String FRESH = """
            local function fresh(gens, first)
              for i = first, #ARGV, 2 do
                local recorded = redis.call('HGET', gens, ARGV[i])
                if not recorded or tonumber(recorded) < tonumber(ARGV[i + 1]) then
                  return false
                end
              end
              return true
            end
            """;

    /**
     * KEYS: stored key, its recorded-generations hash. ARGV: pairs of tag and current generation. Answers the value
     * when it was stored under generations no older than these, else nil: a value stored before a bump is a miss.
     */
    static final String READ_FRESH = FRESH + """
            local value = redis.call('GET', KEYS[1])
            if value and fresh(KEYS[2], 1) then
              return value
            end
            return false
            """;

    /**
     * {@link #TAKE_LEASE} for a value with generation-based tags. KEYS: stored key, its lease key, its
     * recorded-generations hash. ARGV: our token, the lease TTL in ms, then pairs of tag and current generation. A
     * value stored under an older generation counts as missing.
     */
    static final String TAKE_LEASE_FRESH = FRESH + """
            local value = redis.call('GET', KEYS[1])
            if value and fresh(KEYS[3], 3) then
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

    /**
     * {@link #FILL} for a versioned value or one with generation-based tags. KEYS: stored key, its lease key, the
     * version counter, the recorded-generations hash. ARGV: our token, the value, its TTL in ms, the version the value
     * was loaded under ('' when not versioned), then pairs of tag and the generation read before loading. Stores
     * nothing when the lease is not ours, or when the version moved on since the load began: the value may predate
     * the bump, and storing it under its old version would be harmless but useless. In the second case the lease is
     * given up, so that a reader of the new version need not wait for its TTL. The generations are written with the
     * value, with its TTL, replacing those of an earlier value.
     */
    static final String FILL_CHECKED = """
            if redis.call('GET', KEYS[2]) ~= ARGV[1] then
              return 0
            end
            if ARGV[4] ~= '' and (redis.call('GET', KEYS[3]) or '0') ~= ARGV[4] then
              redis.call('DEL', KEYS[2])
              return 0
            end
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            redis.call('DEL', KEYS[4])
            if #ARGV > 4 then
              redis.call('HSET', KEYS[4], unpack(ARGV, 5))
              redis.call('PEXPIRE', KEYS[4], ARGV[3])
            end
            redis.call('DEL', KEYS[2])
            return 1
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
