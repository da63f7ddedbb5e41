package dev.invalidator.service.embedded;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a part within a time limit, then goes on. A Ctrl-C in a terminal signals the whole process group: the
 * embedded broker and Redis stop at once, and a client that flushes to them on close (Debezium's offset store) can
 * wait for them forever. The shutdown must still reach the parts after it, PostgreSQL above all, which runs in a
 * process group of its own and would otherwise outlive this JVM.
 */
public final class TimedClose {

    private static final Logger LOG = LoggerFactory.getLogger(TimedClose.class);

    private TimedClose() {
    }

    /** Closes {@code part} on a thread of its own and waits at most {@code limit} for it. */
    public static void close(String name, AutoCloseable part, Duration limit) {
        if (part == null) {
            return;
        }
        Thread closer = new Thread(() -> {
            try {
                part.close();
            } catch (Exception e) {
                LOG.error("stopping the {} failed: {}", name, e.toString(), e);
            }
        }, "close-" + name.replace(' ', '-'));
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(limit.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            LOG.warn("the {} did not stop within {} s (what it writes to may be gone already, as after a Ctrl-C that"
                    + " reached the whole process group); going on with the shutdown", name, limit.toSeconds());
        }
    }
}
