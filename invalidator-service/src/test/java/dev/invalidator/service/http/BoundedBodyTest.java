package dev.invalidator.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {

    private static InputStream bytes(int length) {
        return new ByteArrayInputStream(new byte[length]);
    }

    @Test
    void read_bodyAtTheLimit_isReadWhole() throws Exception {
        assertThat(BoundedBody.read(bytes(20_000), 20_000, 20_000)).hasSize(20_000);
    }

    @Test
    void read_undeclaredLengthWithinTheLimit_isReadWhole() throws Exception {
        assertThat(BoundedBody.read(bytes(20_000), -1, 20_000)).hasSize(20_000);
    }

    @Test
    void read_declaredLengthOverTheLimit_isRefusedWithoutReading() {
        InputStream never = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("read although the declared length is too large");
            }
        };

        assertThatThrownBy(() -> BoundedBody.read(never, 20_001, 20_000))
                .isInstanceOf(BoundedBody.TooLargeException.class)
                .hasMessage("the body is larger than the 20000 bytes the server takes");
    }

    @Test
    void read_moreBytesThanDeclaredOrAllowed_isRefused() {
        assertThatThrownBy(() -> BoundedBody.read(bytes(20_001), -1, 20_000))
                .isInstanceOf(BoundedBody.TooLargeException.class);
    }

    @Test
    void read_emptyBody_isEmpty() throws Exception {
        assertThat(BoundedBody.read(bytes(0), 0, 20_000)).isEmpty();
    }

    @Test
    void discard_readsAtMostTheGivenAmount() throws Exception {
        ByteArrayInputStream in = new ByteArrayInputStream(new byte[50_000]);

        BoundedBody.discard(in, 20_000);

        assertThat(in.available()).isEqualTo(30_000);
    }

    @Test
    void discard_shorterBody_readsItAll() throws Exception {
        ByteArrayInputStream in = new ByteArrayInputStream(new byte[5_000]);

        BoundedBody.discard(in, 20_000);

        assertThat(in.available()).isZero();
    }
}
