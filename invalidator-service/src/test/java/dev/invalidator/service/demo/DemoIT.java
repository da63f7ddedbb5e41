package dev.invalidator.service.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.service.cli.InvalidatorCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code invalidator demo} in this JVM with a small workload: it passes, says what it verified, and cleans up. */
class DemoIT {

    @TempDir
    Path directory;

    @Test
    void demo_smallWorkload_exitsZeroWithEveryInvalidationVerified() {
        StringWriter out = new StringWriter();
        Path data = directory.resolve("data");

        int exit = new CommandLine(new InvalidatorCommand()).setOut(new PrintWriter(out))
                .setErr(new PrintWriter(out))
                .execute("demo", "--data-dir", data.toString(), "--rows", "20", "--changes", "5", "--timeout", "30");

        String output = out.toString();
        assertThat(exit).as(output).isZero();
        // Five price changes, then a move: the moved product's page and both category listings.
        assertThat(output)
                .contains("1/4 write", "2/4 fill", "3/4 change", "4/4 move")
                .contains("Redis holds 20 product pages and 2 listings")
                .containsPattern("invalidations verified in Redis +8 of 8")
                .containsPattern("invalidations verified in near-cache +8 of 8")
                .containsPattern("events dead-lettered +0")
                .contains("commit -> removed from Redis", "commit -> evicted from near-cache")
                .contains("PASSED")
                .contains("stopped.");
        assertThat(data.resolve("postgres")).isDirectory();
    }
}
