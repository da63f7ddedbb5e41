package dev.invalidator.service.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.invalidator.service.config.ServiceConfig;
import dev.invalidator.service.embedded.redis.RedisPing;
import dev.invalidator.service.redis.RedisEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start that fails halfway stops what it had started. */
class EmbeddedStackIT {

    @TempDir
    Path directory;

    @Test
    void start_rulesCannotBeCopiedAfterRedisStarted_stopsRedisAgain() throws Exception {
        // A file where the rules directory goes makes the last step, copying the rules, fail.
        Files.writeString(directory.resolve("rules"), "in the way");
        EmbeddedPlan redisAndRules = new EmbeddedPlan(EmbeddedPlan.Start.CONFIGURED, EmbeddedPlan.Start.CONFIGURED,
                EmbeddedPlan.RedisSource.EMBEDDED, EmbeddedPlan.Start.EMBEDDED);
        EmbeddedStack stack = new EmbeddedStack(directory);

        assertThatThrownBy(() -> stack.start(ServiceConfig.defaults(), redisAndRules, null))
                .isInstanceOf(EmbeddedException.class).hasMessageContaining("rules");

        Matcher started = Pattern.compile("Redis +127\\.0\\.0\\.1:(\\d+)").matcher(String.join("\n", stack.summary()));
        assertThat(started.find()).as("Redis was started first: %s", stack.summary()).isTrue();
        RedisEndpoint redis = new RedisEndpoint("127.0.0.1", Integer.parseInt(started.group(1)));
        assertThat(new RedisPing(Duration.ofMillis(500)).answersPing(redis)).as("Redis still answers").isFalse();
    }
}
