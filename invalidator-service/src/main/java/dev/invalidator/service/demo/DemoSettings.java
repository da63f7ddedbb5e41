package dev.invalidator.service.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@code invalidator demo} does.
 *
 * @param dataDirectory where the embedded parts keep their data
 * @param temporary     whether the directory is deleted at the end (it is kept when the demo fails, for its logs)
 * @param rows          products written before the caches are filled
 * @param changes       price changes, each verified in Redis and in the near-cache (a category move comes on top)
 * @param timeout       how long an invalidation may take before the demo reports it missing
 */
public record DemoSettings(Path dataDirectory, boolean temporary, int rows, int changes, Duration timeout) {

    public DemoSettings {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(timeout, "timeout");
        if (rows < 2) {
            throw new IllegalArgumentException("--rows must be at least 2 (one product per category), not " + rows);
        }
        if (changes < 1 || changes > rows) {
            throw new IllegalArgumentException("--changes must be between 1 and --rows (" + rows + "), not "
                    + changes);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout must be positive, not " + timeout);
        }
    }
}
