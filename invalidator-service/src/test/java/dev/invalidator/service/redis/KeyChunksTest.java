package dev.invalidator.service.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.schemas.redis.RedisKeyLayout;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

class KeyChunksTest {

    private static final List<String> KEYS = IntStream.range(0, 5_000).mapToObj(i -> "product:" + i).toList();

    @Test
    void consecutive_cutsInOrderAtTheSize() {
        List<List<String>> chunks = KeyChunks.consecutive(KEYS, 1_000);

        assertThat(chunks).hasSize(5).allSatisfy(chunk -> assertThat(chunk).hasSize(1_000));
        assertThat(chunks.stream().flatMap(List::stream)).containsExactlyElementsOf(KEYS);
    }

    @Test
    void bySlot_everyChunkIsOneSlotAndNoKeyIsLost() {
        List<List<String>> chunks = KeyChunks.bySlot(KEYS, 1_000);

        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.stream().map(JedisClusterCRC16::getSlot).distinct())
                .hasSize(1));
        assertThat(chunks.stream().flatMap(List::stream)).containsExactlyInAnyOrderElementsOf(KEYS);
    }

    @Test
    void bySlot_keysSharingAHashTag_stayInLargeChunks() {
        List<String> tagged = IntStream.range(0, 2_500).mapToObj(i -> "{user:42}:feed:" + i).toList();

        List<List<String>> chunks = KeyChunks.bySlot(tagged, 1_000);

        assertThat(chunks).extracting(List::size).containsExactly(1_000, 1_000, 500);
    }

    @Test
    void bySlot_aKeysLeaseSharesItsChunk() {
        // KeyUnlinker puts each key's lease in the key's own command: that is only allowed because they share a slot.
        RedisKeyLayout layout = new RedisKeyLayout();

        assertThat(KEYS).allSatisfy(key ->
                assertThat(JedisClusterCRC16.getSlot(layout.leaseKey(key))).isEqualTo(JedisClusterCRC16.getSlot(key)));
    }
}
