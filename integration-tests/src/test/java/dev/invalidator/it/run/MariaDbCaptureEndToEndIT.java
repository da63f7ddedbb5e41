package dev.invalidator.it.run;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link CaptureEndToEnd} on MariaDB with a row-based binlog and full row images. */
class MariaDbCaptureEndToEndIT extends CaptureEndToEnd {

    @RegisterExtension
    static final TestMariaDb mariadb = new TestMariaDb();

    @Override
    CaptureDatabase database() {
        return mariadb;
    }
}
