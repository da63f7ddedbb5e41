package dev.invalidator.schemas.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Redis Cluster's key-to-slot function, written out here from its definition (cluster.c {@code keyHashSlot} and
 * CRC16/XMODEM) so that tests check the layout against Redis's rule rather than against the layout's own code. Works
 * on the key's UTF-8 bytes, as Redis does.
 */
final class RedisClusterSlot {

    static final int SLOTS = 16384;

    private RedisClusterSlot() {
    }

    static int of(String key) {
        return crc16(hashedPart(key.getBytes(StandardCharsets.UTF_8))) & (SLOTS - 1);
    }

    /** The bytes Redis hashes: those between the first '{' and the next '}' when non-empty, else the whole key. */
    static byte[] hashedPart(byte[] key) {
        int start = 0;
        while (start < key.length && key[start] != '{') {
            start++;
        }
        if (start == key.length) {
            return key;
        }
        int end = start + 1;
        while (end < key.length && key[end] != '}') {
            end++;
        }
        if (end == key.length || end == start + 1) {
            return key;
        }
        return Arrays.copyOfRange(key, start + 1, end);
    }

    /** CRC-16/XMODEM: polynomial 0x1021, initial value 0, no reflection, no final XOR. */
    static int crc16(byte[] bytes) {
        int crc = 0;
        for (byte b : bytes) {
            crc ^= (b & 0xFF) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
                crc &= 0xFFFF;
            }
        }
        return crc;
    }
}
