package dev.invalidator.service.embedded.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.service.redis.RedisEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The probe against a socket that answers as a Redis would, or does not. */
class RedisPingTest {

    private final RedisPing ping = new RedisPing(Duration.ofMillis(500));

    @Test
    void answersPing_serverAnswersPong_true() throws Exception {
        try (ServerSocket server = answering("+PONG\r\n")) {
            assertThat(ping.answersPing(new RedisEndpoint("127.0.0.1", server.getLocalPort()))).isTrue();
        }
    }

    @Test
    void answersPing_serverWantsAPassword_false() throws Exception {
        try (ServerSocket server = answering("-NOAUTH Authentication required.\r\n")) {
            assertThat(ping.answersPing(new RedisEndpoint("127.0.0.1", server.getLocalPort()))).isFalse();
        }
    }

    @Test
    void answersPing_nothingListens_false() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }

        assertThat(ping.answersPing(new RedisEndpoint("127.0.0.1", port))).isFalse();
    }

    @Test
    void answersPing_serverSilent_falseAfterTheTimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(ping.answersPing(new RedisEndpoint("127.0.0.1", server.getLocalPort()))).isFalse();
        }
    }

    /** A server that reads the inline command and writes {@code answer} once. */
    private static ServerSocket answering(String answer) throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            try (Socket client = server.accept()) {
                client.getInputStream().readNBytes("PING\r\n".length());
                OutputStream out = client.getOutputStream();
                out.write(answer.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(200);
            } catch (IOException | InterruptedException e) {
                // The test closed the server.
            }
        });
        thread.setDaemon(true);
        thread.start();
        return server;
    }
}
