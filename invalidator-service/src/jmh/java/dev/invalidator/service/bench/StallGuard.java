package dev.invalidator.service.bench;

import java.time.Duration;

/** Fails a phase that made no progress for {@link #LIMIT}, naming where it stood. */
final class StallGuard {

    static final Duration LIMIT = Duration.ofSeconds(60);

    private final String what;
    private long last = -1;
    private long lastChangeNanos = System.nanoTime();

    StallGuard(String what) {
        this.what = what;
    }

    void check(long done, long expected) {
        long now = System.nanoTime();
        if (done != last) {
            last = done;
            lastChangeNanos = now;
        } else if (now - lastChangeNanos > LIMIT.toNanos()) {
            throw new IllegalStateException(what + " made no progress for " + LIMIT + " after " + done + " of "
                    + expected + " records");
        }
    }
}
