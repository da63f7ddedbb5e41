package dev.invalidator.service.bench;

import java.io.PrintStream;
import java.time.Duration;

/** Progress lines for the person waiting: at most one a second per phase, and one when the phase is done. */
final class Progress {

    private static final long INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

    private final PrintStream out;
    private final String what;
    private final long total;
    private final long startedNanos = System.nanoTime();
    private long lastPrintedNanos = startedNanos;

    Progress(PrintStream out, String what, long total) {
        this.out = out;
        this.what = what;
        this.total = total;
    }

    /** Prints how far the phase got, unless a line was printed less than a second ago. */
    void update(long done) {
        long now = System.nanoTime();
        if (now - lastPrintedNanos >= INTERVAL_NANOS) {
            lastPrintedNanos = now;
            print(done, now);
        }
    }

    /** Prints the final count. */
    void done(long done) {
        print(done, System.nanoTime());
    }

    private void print(long done, long now) {
        double seconds = (now - startedNanos) / 1e9;
        out.printf("  %s: %,d / %,d (%.1f s, %,.0f/s)%n", what, done, total, seconds,
                seconds > 0 ? done / seconds : 0.0);
    }
}
