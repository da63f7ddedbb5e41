package dev.invalidator.service.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.service.cli.InvalidatorCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
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

    /**
     * Rules that announce new products but not changed ones (kept from an earlier start, as an operator's edits would
     * be): the price changes invalidate nothing, and the demo must say so and fail rather than print a summary.
     */
    @Test
    void demo_rulesMissTheChanges_exitsOneNamingWhatDidNotArrive() throws IOException {
        StringWriter out = new StringWriter();
        Path data = directory.resolve("data");
        Files.createDirectories(data.resolve("rules"));
        Files.writeString(data.resolve("rules/products.yaml"), """
                version: 1
                rules:
                  - name: product-created
                    table: shop.public.products
                    on: create
                    invalidate:
                      keys: ["product:{id}"]
                """);

        int exit = new CommandLine(new InvalidatorCommand()).setOut(new PrintWriter(out))
                .setErr(new PrintWriter(out))
                .execute("demo", "--data-dir", data.toString(), "--rows", "10", "--changes", "2", "--timeout", "3");

        String output = out.toString();
        assertThat(exit).as(output).isEqualTo(1);
        assertThat(output)
                .contains("FAILED: 2 invalidation(s) did not arrive within 3 s of their commit")
                .containsPattern("product:\\d+ \\(price of DEMO-\\w+-\\d+ raised\\): still in Redis, no eviction in the"
                        + " near-cache")
                .doesNotContain("PASSED")
                .contains("stopped.");
    }
}
