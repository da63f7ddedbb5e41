package dev.invalidator.service.embedded.redis;

import dev.invalidator.service.redis.RedisEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one inline {@code PING} over a plain socket. A server that wants a password answers {@code -NOAUTH}: that is
 * not a Redis the service could use without configuration, so it counts as not answering.
 */
public final class RedisPing implements RedisProbe {

    private static final Logger LOG = LoggerFactory.getLogger(RedisPing.class);
    private static final byte[] PONG = "+PONG".getBytes(StandardCharsets.US_ASCII);

    private final Duration timeout;

    public RedisPing(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public boolean answersPing(RedisEndpoint endpoint) {
        int millis = (int) timeout.toMillis();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), millis);
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(PONG.length);
            boolean pong = java.util.Arrays.equals(answer, PONG);
            if (!pong) {
                LOG.info("{} answered PING with '{}', not PONG", endpoint,
                        new String(answer, StandardCharsets.US_ASCII));
            }
            return pong;
        } catch (IOException e) {
            LOG.debug("no Redis answers on {}: {}", endpoint, e.toString());
            return false;
        }
    }
}
