package dev.invalidator.it.run;

import dev.invalidator.client.broadcast.BroadcastFollower;
import dev.invalidator.client.nearcache.NearCache;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * An application node in a process of its own, so that a test can stop it (SIGSTOP) and let it go on (SIGCONT): a
 * near-cache following the broadcast topic, whose loader reads the "database", here the Redis string
 * {@code db:<key>}. It answers lines on standard input: {@code get <key>} → {@code value <key> <value>}.
 *
 * <p>Arguments: bootstrap servers, broadcast topic, Redis host, Redis port, staleness bound in milliseconds.
 */
public final class NearCacheNodeMain {

    private NearCacheNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrapServers = args[0];
        String broadcastTopic = args[1];
        String redisHost = args[2];
        int redisPort = Integer.parseInt(args[3]);
        Duration maxStaleness = Duration.ofMillis(Long.parseLong(args[4]));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (Jedis database = new Jedis(new HostAndPort(redisHost, redisPort),
                DefaultJedisClientConfig.builder().serverDefaultProtocol().build())) {
            NearCache<String> cache = NearCache.<String>builder().maximumSize(1_000).build();
            try (BroadcastFollower follower = BroadcastFollower.kafka(bootstrapServers, broadcastTopic)
                    .maxStaleness(maxStaleness).start(cache)) {
                while (!follower.inSync()) {
                    Thread.sleep(20);
                }
                out.println("ready");
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("get ")) {
                        String key = line.substring(4);
                        String value = cache.get(key, k -> database.get("db:" + k));
                        out.println("value " + key + " " + value);
                    }
                }
            }
        }
    }
}
