package dev.invalidator.it.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code invalidator run} refuses to start on a bad configuration or bad rules, with an exit status scripts can tell
 * apart and a message naming what to fix. No Kafka or Redis is needed: nothing is contacted before both check out.
 */
class RunConfigIT {

    @RegisterExtension
    final ServiceProcesses processes = new ServiceProcesses();

    @TempDir
    Path work;

    @Test
    void run_badConfiguration_exitsTwoNamingEveryBadKey() throws Exception {
        Path config = work.resolve("bad.yaml");
        Files.writeString(config, """
                kafka:
                  grup.id: shop
                redis:
                  port: 70000
                """);

        ServiceProcess service = processes.run("service", config);

        assertThat(exitStatus(service)).isEqualTo(2);
        assertThat(service.log())
                .contains(config + ":2:12: kafka.grup.id: unknown key (did you mean 'kafka.group.id'?)")
                .containsPattern(Pattern.quote(config + ":4:9: redis.port: ") + ".*'70000'");
    }

    @Test
    void run_rulesWithErrors_exitsOneNamingFileLineAndColumn() throws Exception {
        Files.createDirectories(work.resolve("rules"));
        Files.writeString(work.resolve("rules/bad.yaml"), """
                version: 1
                rules:
                  - name: customer
                    table: pg.inv.customers
                    on: [delet]
                    invalidate:
                      keys: ["customer:{id}"]
                  - name: customer-page
                    table: pg.inv.customers
                    invalidate:
                      keys: ["customer:{id"]
                """);
        Path config = ServiceConfigFile.forTest(TestNames.random(), "127.0.0.1:9", 9, work.resolve("rules"), "p")
                .writeTo(work.resolve("service.yaml"));

        ServiceProcess service = processes.run("service", config);

        assertThat(exitStatus(service)).isEqualTo(1);
        assertThat(service.log())
                .contains("cannot start: the rules in " + work.resolve("rules") + " do not load")
                .containsPattern("rules/bad\\.yaml:5:\\d+: unknown operation 'delet'")
                .containsPattern("rules/bad\\.yaml:11:\\d+: key 'customer:\\{id': unclosed '\\{'");
    }

    private static int exitStatus(ServiceProcess service) {
        OptionalInt status = service.awaitExit(Duration.ofSeconds(60));
        assertThat(status).as("exit status of " + service + ":\n" + service.log()).isPresent();
        return status.getAsInt();
    }
}
