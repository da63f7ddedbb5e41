package dev.invalidator.service.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.util.JedisClusterCRC16;

/** Cuts keys into the chunks that one multi-key command names. */
final class KeyChunks {

    private KeyChunks() {
    }

    /** Consecutive chunks of up to {@code size} keys, in the keys' order: for a standalone Redis. */
    static List<List<String>> consecutive(Collection<String> keys, int size) {
        List<List<String>> chunks = new ArrayList<>();
        List<String> chunk = new ArrayList<>(Math.min(size, keys.size()));
        for (String key : keys) {
            chunk.add(key);
            if (chunk.size() == size) {
                chunks.add(chunk);
                chunk = new ArrayList<>(size);
            }
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    /**
     * Chunks of up to {@code size} keys of one hash slot each: Redis Cluster refuses a command or script whose keys
     * hash to different slots (CROSSSLOT). The slot rule (hash tags included) is Jedis's.
     */
    static List<List<String>> bySlot(Collection<String> keys, int size) {
        Map<Integer, List<String>> slots = new LinkedHashMap<>();
        for (String key : keys) {
            slots.computeIfAbsent(JedisClusterCRC16.getSlot(key), slot -> new ArrayList<>()).add(key);
        }
        List<List<String>> chunks = new ArrayList<>();
        for (List<String> slotKeys : slots.values()) {
            chunks.addAll(consecutive(slotKeys, size));
        }
        return chunks;
    }
}
