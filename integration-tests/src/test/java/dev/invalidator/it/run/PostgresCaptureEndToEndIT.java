package dev.invalidator.it.run;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link CaptureEndToEnd} on PostgreSQL with logical WAL (pgoutput); products have {@code REPLICA IDENTITY FULL},
 * so that an update's before-image names the category a product leaves.
 */
class PostgresCaptureEndToEndIT extends CaptureEndToEnd {

    @RegisterExtension
    static final TestPostgres postgres = new TestPostgres();

    @Override
    CaptureDatabase database() {
        return postgres;
    }
}
