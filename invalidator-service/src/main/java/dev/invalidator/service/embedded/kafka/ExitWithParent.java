package dev.invalidator.service.embedded.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Entry point of the child JVMs that {@link ChildJvm} starts: runs another main class and exits as soon as the parent
 * process is gone, however it went (SIGKILL included, when no shutdown hook runs).
 *
 * <p>The parent holds the only write end of this process's standard input and never writes to it; the operating
 * system closes it when the parent dies, so end of input means the parent is gone. Exiting through
 * {@link System#exit} runs the wrapped program's shutdown hooks, so Kafka still shuts down cleanly.
 *
 * <p>Arguments: the main class to run, then its arguments.
 */
public final class ExitWithParent {

    /** Exit status when the parent disappeared, as if terminated by SIGTERM. */
    static final int PARENT_GONE_STATUS = 143;

    private ExitWithParent() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            System.err.println("Usage: ExitWithParent MAIN_CLASS [ARGUMENT...]");
            System.exit(2);
        }
        Thread watcher = new Thread(() -> exitWhenInputEnds(System.in), "exit-with-parent");
        watcher.setDaemon(true);
        watcher.start();
        String[] programArgs = Arrays.copyOfRange(args, 1, args.length);
        try {
            Class.forName(args[0]).getMethod("main", String[].class).invoke(null, (Object) programArgs);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void exitWhenInputEnds(InputStream input) {
        try {
            while (input.read() != -1) {
                // The parent never writes; anything read is ignored.
            }
        } catch (IOException e) {
            // A broken pipe means the same as end of input.
        }
        System.err.println("Parent process is gone (standard input closed): exiting");
        System.exit(PARENT_GONE_STATUS);
    }
}
