package dev.invalidator.service.cli;

import dev.invalidator.service.demo.Demo;
import dev.invalidator.service.demo.DemoSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code invalidator demo}: everything embedded, a short workload, verified. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {"A live run on this machine with nothing installed: starts Kafka, PostgreSQL (with the demo shop"
                + " schema) and Redis embedded, the service with the bundled shop rules, and a near-cache node;"
                + " writes products, fills Redis and the near-cache, changes rows, and shows what was invalidated and"
                + " how long it took.",
                "Exit status: 0 when every expected invalidation arrived in Redis and in the near-cache, 1 when one"
                        + " did not within --timeout (or something failed), 2 for bad options."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep the data here (kafka/, postgres/, redis/, rules/) and leave it afterwards; a second"
                    + " run on it resumes. Default: a new temporary directory, deleted when the demo passes.")
    Path dataDirectory;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "200",
            description = "Products to write and cache (default ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--changes", paramLabel = "N", defaultValue = "50",
            description = "Price changes to make and verify, at most --rows (default ${DEFAULT-VALUE}).")
    int changes;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "20",
            description = "How long one invalidation may take before the demo reports it missing (default"
                    + " ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DemoSettings settings;
        try {
            boolean temporary = dataDirectory == null;
            Path directory = temporary ? Files.createTempDirectory("invalidator-demo-") : dataDirectory;
            settings = new DemoSettings(directory.toAbsolutePath(), temporary, rows, changes,
                    Duration.ofSeconds(timeoutSeconds));
        } catch (IllegalArgumentException | IOException e) {
            err.println(e.getMessage());
            err.flush();
            return 2;
        }
        return new Demo(settings, out).run();
    }
}
