package dev.invalidator.it.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The YAML configuration file of one service process, as an operator would write it: dotted keys (see the README's
 * "Configuration reference"), every value a single-quoted YAML string.
 */
final class ServiceConfigFile {

    private final Map<String, String> values = new LinkedHashMap<>();

    /**
     * A configuration for the test's names: its topics, group and namespace, the given broker and Redis, rules from
     * {@code rulesDirectory}, short back-offs and group sessions, no HTTP port of its own, broadcasts to the test's
     * broadcast topic as {@code publisherId}.
     */
    static ServiceConfigFile forTest(TestNames names, String bootstrapServers, int redisPort, Path rulesDirectory,
                                     String publisherId) {
        return new ServiceConfigFile()
                .set("rules.directory", rulesDirectory.toString())
                .set("kafka.bootstrap.servers", bootstrapServers)
                .set("kafka.group.id", names.group())
                .set("kafka.topics.pattern", names.changeTopicPattern())
                .set("kafka.requests.topic", names.requestsTopic())
                .set("kafka.dead-letter.topic", names.deadLetterTopic())
                .set("kafka.broadcast.topic", names.broadcastTopic())
                .set("broadcast.publisher-id", publisherId)
                // Heartbeats take broadcast positions too; the tests count the changes' broadcasts without them.
                .set("broadcast.heartbeat-interval", "1h")
                .set("redis.host", "127.0.0.1")
                .set("redis.port", Integer.toString(redisPort))
                .set("redis.namespace", names.namespace())
                .set("http.port", "0")
                .set("retry.initial-backoff", "50ms")
                .set("retry.max-backoff", "500ms")
                // A killed instance's membership ends within 3 s rather than the default 45 s, so that the group
                // moves on quickly to a restarted or surviving instance (the test broker allows sessions this short).
                .set("kafka.client.session.timeout.ms", "3000")
                .set("kafka.client.heartbeat.interval.ms", "500");
    }

    /** {@link #forTest(TestNames, String, int, Path, String)} on the class's {@link TestRedis}, wherever it runs. */
    static ServiceConfigFile forTest(TestNames names, String bootstrapServers, TestRedis redis, Path rulesDirectory,
                                     String publisherId) {
        return forTest(names, bootstrapServers, redis.port(), rulesDirectory, publisherId)
                .set("redis.host", redis.host());
    }

    /** Sets a key; a later call for the same key replaces the value. */
    ServiceConfigFile set(String key, String value) {
        values.put(key, value);
        return this;
    }

    ServiceConfigFile remove(String key) {
        values.remove(key);
        return this;
    }

    /** Writes the file, replacing it if present, and returns its path. */
    Path writeTo(Path file) {
        StringBuilder yaml = new StringBuilder();
        values.forEach((key, value) -> yaml.append(key).append(": '").append(value.replace("'", "''")).append("'\n"));
        try {
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the service configuration " + file, e);
        }
        return file;
    }
}
