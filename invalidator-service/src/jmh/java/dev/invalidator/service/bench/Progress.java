package dev.invalidator.service.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/** Progress lines for the person waiting: at most one a second per phase, and one when the phase is done. */
final class Progress {

    private static final long INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

    private final PrintStream out;
    private final String what;
    private final long total;
    private final Optional<LongSupplier> applied;
    private final long startedNanos = System.nanoTime();
    private long lastPrintedNanos = startedNanos;

    Progress(PrintStream out, String what, long total) {
        this(out, what, total, Optional.empty());
    }

    private Progress(PrintStream out, String what, long total, Optional<LongSupplier> applied) {
        this.out = out;
        this.what = what;
        this.total = total;
        this.applied = applied;
    }

    /** Progress that also tells how many records the service had applied meanwhile: whether it keeps up. */
    static Progress withApplied(PrintStream out, String what, long total, LongSupplier applied) {
        return new Progress(out, what, total, Optional.of(applied));
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
        out.printf("  %s: %,d / %,d (%.1f s, %,.0f/s)%s%n", what, done, total, seconds,
                seconds > 0 ? done / seconds : 0.0,
                applied.map(a -> String.format(", applied %,d", a.getAsLong())).orElse(""));
    }
}
