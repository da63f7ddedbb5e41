package dev.invalidator.client.redis;

/**
 * What a {@link RedisCache} did since it was built, as counted at one moment. Like Caffeine's {@code CacheStats}: a
 * plain value, to be exported to whatever metrics system the application uses.
 *
 * @param hits          reads answered from Redis, including those that found the value after waiting for another
 *                      reader's lease
 * @param misses        reads that found no value at first
 * @param loads         calls of the loader
 * @param fillsStored   loaded values written to Redis under this reader's lease
 * @param fillsRejected loaded values not written because the lease was gone when the fill arrived: the key was
 *                      invalidated (or the lease expired) while the loader ran
 * @param leaseWaits    misses that found another reader's lease and waited for its value
 * @param readThroughs  loads made without a lease, after waiting in vain, whose values were returned but never
 *                      stored
 */
public record RedisCacheStats(
        long hits,
        long misses,
        long loads,
        long fillsStored,
        long fillsRejected,
        long leaseWaits,
        long readThroughs) {
}
