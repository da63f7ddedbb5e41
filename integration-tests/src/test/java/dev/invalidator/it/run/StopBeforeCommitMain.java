package dev.invalidator.it.run;

import dev.invalidator.service.config.ServiceConfig;
import dev.invalidator.service.pipeline.Batch;
import dev.invalidator.service.pipeline.PipelineObserver;
import dev.invalidator.service.run.InvalidatorService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Collectors;

/**
 * The real service, stopped in the window that matters for guarantee 1: after its first batch was applied to Redis
 * and its broadcasts acknowledged, before the batch's offsets are committed. It writes a marker file naming the
 * batch's next offsets ({@code topic partition offset} per line) and then blocks the pipeline for good, so that the
 * test can look at Redis and Kafka in that state and then kill the process.
 *
 * <p>Arguments: the configuration file, the marker file.
 */
public final class StopBeforeCommitMain {

    private StopBeforeCommitMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("Usage: StopBeforeCommitMain CONFIG_FILE MARKER_FILE");
            System.exit(2);
        }
        ServiceConfig config = ServiceConfig.load(Path.of(args[0]), System.getenv());
        InvalidatorService service = InvalidatorService.start(config, new StopAfterApply(Path.of(args[1])));
        service.awaitStop();
    }

    private record StopAfterApply(Path marker) implements PipelineObserver {

        @Override
        public void committing(Batch batch) {
            String offsets = batch.nextOffsets().entrySet().stream()
                    .map(entry -> entry.getKey().topic() + " " + entry.getKey().partition() + " "
                            + entry.getValue().offset())
                    .collect(Collectors.joining("\n", "", "\n"));
            try {
                // Written beside and moved, so that the test never reads half a marker.
                Path written = Files.writeString(marker.resolveSibling(marker.getFileName() + ".tmp"), offsets,
                        StandardCharsets.UTF_8);
                Files.move(written, marker, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the marker " + marker, e);
            }
            System.err.println("batch applied, not committed; blocking the pipeline until killed: " + offsets);
            while (true) {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    // Returning would commit the batch; end the process as a crash would instead.
                    Runtime.getRuntime().halt(3);
                }
            }
        }
    }
}
