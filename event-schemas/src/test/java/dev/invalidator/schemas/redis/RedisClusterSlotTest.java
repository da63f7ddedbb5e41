package dev.invalidator.schemas.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The test's own slot function reproduces Redis's published values, so the layout tests can rely on it. */
class RedisClusterSlotTest {

    @Test
    void crc16_standardCheckValue() {
        assertThat(RedisClusterSlot.crc16("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0x31C3);
    }

    @Test
    void of_foo_isSlot12182() {
        assertThat(RedisClusterSlot.of("foo")).isEqualTo(12182);
    }

    @Test
    void of_keysWithSameHashTag_shareASlot() {
        assertThat(RedisClusterSlot.of("{user1000}.following")).isEqualTo(RedisClusterSlot.of("{user1000}.followers"))
                .isEqualTo(RedisClusterSlot.of("user1000"));
    }

    /** The examples of the Redis Cluster specification's hash-tag section. */
    @Test
    void of_specificationExamples() {
        assertThat(RedisClusterSlot.of("foo{}{bar}")).isEqualTo(RedisClusterSlot.crc16(bytes("foo{}{bar}")) & 16383);
        assertThat(RedisClusterSlot.of("foo{{bar}}zap")).isEqualTo(RedisClusterSlot.crc16(bytes("{bar")) & 16383);
        assertThat(RedisClusterSlot.of("foo{bar}{zap}")).isEqualTo(RedisClusterSlot.of("bar"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
