package dev.invalidator.service.embedded.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A main class running in a child JVM on this JVM's class path, its output appended to a log file, and never
 * outliving this JVM: {@link #close()} stops it (SIGTERM, then SIGKILL after a grace period), a shutdown hook does the
 * same when this JVM exits (Ctrl-C included), and {@link ExitWithParent} ends it when this JVM dies without running
 * hooks (SIGKILL).
 */
final class ChildJvm implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChildJvm.class);

    private final String name;
    private final Process process;
    private final OutputStream lifeline;
    private final Path logFile;
    private final Duration gracePeriod;
    private final Thread shutdownHook;

    private final boolean closeOnExit;

    private ChildJvm(String name, Process process, Path logFile, Duration gracePeriod, boolean closeOnExit) {
        this.name = name;
        this.process = process;
        this.lifeline = process.getOutputStream();
        this.logFile = logFile;
        this.gracePeriod = gracePeriod;
        this.shutdownHook = new Thread(this::stop, name + "-stopper");
        this.closeOnExit = closeOnExit;
    }

    /**
     * Starts {@code mainClass} with {@code arguments} in a new JVM (the same {@code java} as this one).
     *
     * @param name what the process is, for logs and messages
     * @param jvmOptions options before the main class, such as {@code -Xmx512m}
     * @param gracePeriod how long {@link #close()} waits after SIGTERM before killing
     * @param closeOnExit whether a shutdown hook of its own stops the process when this JVM exits; a caller that
     *     stops it from its own hook, in an order of its own, passes false
     */
    static ChildJvm start(String name, JavaClassPath classPath, List<String> jvmOptions, String mainClass,
            List<String> arguments, Path logFile, Duration gracePeriod, boolean closeOnExit) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath.asArgument());
        command.add(ExitWithParent.class.getName());
        command.add(mainClass);
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(closeOnExit ? command : ignoringInterrupt(command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        // Standard input stays a pipe: it is the lifeline that ExitWithParent watches.
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Cannot start the " + name + " (" + command.get(0) + " " + mainClass
                    + "): " + e.getMessage(), e);
        }
        ChildJvm child = new ChildJvm(name, process, logFile, gracePeriod, closeOnExit);
        if (closeOnExit) {
            Runtime.getRuntime().addShutdownHook(child.shutdownHook);
        }
        LOG.debug("Started the {} as process {}; output in {}", name, process.pid(), logFile);
        return child;
    }

    /**
     * The command, run through {@code /bin/sh} with SIGINT ignored: a Ctrl-C in a terminal signals the whole process
     * group, and a child whose owner stops it in an order of its own (after the clients that still need it) must not
     * stop first. The JVM keeps an ignored SIGINT ignored; {@code exec} keeps the process id, so SIGTERM and the
     * lifeline still reach it. Without {@code /bin/sh}, the command as it is.
     */
    private static List<String> ignoringInterrupt(List<String> command) {
        if (!Files.isExecutable(Path.of("/bin/sh"))) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", "trap '' INT; exec \"$0\" \"$@\""));
        wrapped.addAll(command);
        return wrapped;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path logFile() {
        return logFile;
    }

    /** Waits for the process to end by itself; empty when it is still running after {@code timeout}. */
    Optional<Integer> waitForExit(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.of(process.exitValue());
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
        }
    }

    /** Stops the process and waits until it is gone. Safe to call more than once. */
    @Override
    public void close() {
        stop();
        if (!closeOnExit) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Called from a shutdown hook: this JVM's hooks are running already.
        }
    }

    private void stop() {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: the program's own shutdown hooks run.
            if (waitForExit(gracePeriod).isEmpty()) {
                LOG.warn("The {} (process {}) did not stop within {} s of SIGTERM; killing it. Log: {}", name,
                        process.pid(), gracePeriod.toSeconds(), logFile);
                process.destroyForcibly();
                waitForExit(Duration.ofSeconds(10));
            }
        }
        try {
            lifeline.close();
        } catch (IOException ignored) {
            // The process is gone; so is the other end of the pipe.
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
