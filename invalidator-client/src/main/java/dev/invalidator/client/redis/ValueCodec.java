package dev.invalidator.client.redis;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;

/**
 * Turns cached values into the bytes stored in Redis and back. Must be thread-safe; {@link #decode} must read what
 * {@link #encode} wrote, also when another process of the same application wrote it.
 *
 * @param <V> the cached value type
 */
public interface ValueCodec<V> {

    byte[] encode(V value);

    V decode(byte[] bytes);

    /** A codec from two functions, e.g. a JSON mapper's {@code writeValueAsBytes} and {@code readValue}. */
    static <V> ValueCodec<V> of(Function<? super V, byte[]> encoder, Function<byte[], ? extends V> decoder) {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(decoder, "decoder");
        return new ValueCodec<>() {
            @Override
            public byte[] encode(V value) {
                return encoder.apply(value);
            }

            @Override
            public V decode(byte[] bytes) {
                return decoder.apply(bytes);
            }
        };
    }

    /** Strings as UTF-8. */
    static ValueCodec<String> utf8() {
        return of(text -> text.getBytes(StandardCharsets.UTF_8), bytes -> new String(bytes, StandardCharsets.UTF_8));
    }
}
