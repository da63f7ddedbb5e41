package dev.invalidator.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code invalidator run} refuses to start on a bad configuration or bad rules, saying what is at fault. */
class RunCommandTest {

    @TempDir
    Path directory;

    private final StringWriter err = new StringWriter();

    @Test
    void call_unknownKeyAndBadValue_exitsTwoNamingBothKeys() throws IOException {
        Path config = write("invalidator.yaml", """
                redis:
                  prot: 6379
                broadcast:
                  transport: carrier-pigeon
                """);

        int exit = run(Map.of(), "-c", config.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("redis.prot").contains("redis.port")
                .contains("broadcast.transport").contains("must be one of kafka, redis, none");
    }

    @Test
    void call_roleCaptureWithoutSources_exitsTwoNamingTheKey() {
        int exit = run(Map.of(), "--role", "capture");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("capture.sources.<name>.connector");
    }

    @Test
    void call_unknownRole_exitsTwoNamingTheRoles() {
        int exit = run(Map.of(), "--role", "both");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("capture, invalidate or all");
    }

    @Test
    void call_badEnvironmentOverride_exitsTwoNamingTheVariable() {
        int exit = run(Map.of("INVALIDATOR_REDIS_PORT", "seventy"));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("INVALIDATOR_REDIS_PORT");
    }

    @Test
    void call_ruleFileWithAnError_exitsOneNamingFileLineAndColumn() throws IOException {
        Path rules = Files.createDirectories(directory.resolve("rules"));
        Files.writeString(rules.resolve("shop.yaml"), """
                version: 1
                rules:
                  - name: product
                    table: shop.public.products
                    invalidate:
                      kyes: ["product:{id}"]
                """);
        Path config = write("invalidator.yaml", "rules:\n  directory: " + rules + "\n");

        int exit = run(Map.of(), "-c", config.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("cannot start").contains("shop.yaml:6:");
    }

    @Test
    void call_topicPatternIncludingTheBroadcastTopic_exitsOneNamingBothKeys() throws IOException {
        Path rules = Files.createDirectories(directory.resolve("rules"));
        Path config = write("invalidator.yaml", """
                rules:
                  directory: %s
                kafka:
                  topics.pattern: 'invalidator\\..*'
                  dead-letter.topic: dead-letters
                """.formatted(rules));

        int exit = run(Map.of(), "-c", config.toString());

        assertThat(exit).as(err.toString()).isEqualTo(1);
        assertThat(err.toString()).contains("broadcast topic invalidator.broadcast")
                .contains("kafka.topics.pattern").contains("kafka.broadcast.topic");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(directory.resolve(name), content);
    }

    private int run(Map<String, String> environment, String... args) {
        CommandLine command = new CommandLine(new RunCommand(environment));
        command.setErr(new PrintWriter(err));
        return command.execute(args);
    }
}
