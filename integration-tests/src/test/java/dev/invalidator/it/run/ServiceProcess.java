package dev.invalidator.it.run;

import dev.invalidator.service.cli.InvalidatorCommand;
import dev.invalidator.service.embedded.kafka.ExitWithParent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A service under test in a JVM of its own, on this JVM's class path: {@code invalidator run -c FILE}, or another main
 * class of the test sources. Its output goes to a log file that {@link ServiceProcesses} prints when a test fails.
 * The child is started through {@link ExitWithParent}, so it exits when the test JVM dies without stopping it.
 */
final class ServiceProcess {

    static final String SERVICE_MAIN = InvalidatorCommand.class.getName();
    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true");

    private final String name;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code invalidator run -c configFile}; its log is {@code <name>.log} beside the configuration. */
    static ServiceProcess run(String name, Path configFile) {
        return start(name, SERVICE_MAIN, List.of("run", "-c", configFile.toString()),
                configFile.resolveSibling(name + ".log"));
    }

    /** Starts {@code mainClass} with {@code arguments}, its output appended to {@code log}. */
    static ServiceProcess start(String name, String mainClass, List<String> arguments, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ExitWithParent.class.getName());
        command.add(mainClass);
        command.addAll(arguments);
        try {
            // Standard input stays an open pipe: ExitWithParent takes its end for this JVM's death.
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            return new ServiceProcess(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + mainClass + ")", e);
        }
    }

    String name() {
        return name;
    }

    Path logFile() {
        return log;
    }

    /** The process's output so far. */
    String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log of " + name + " at " + log, e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** @throws AssertionError naming the process, its exit status and its log, when it has exited */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new AssertionError(name + " (process " + process.pid() + ") exited with status "
                    + process.exitValue() + "; its log " + log + ":\n" + log());
        }
    }

    /** SIGKILL: the service gets no chance to finish or commit anything. Waits until the process is gone. */
    void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM, as an orchestrator stops a service, and waits for the exit status. */
    int stop() {
        process.destroy();
        return awaitExit(Duration.ofSeconds(60)).orElseThrow(() ->
                new AssertionError(name + " did not stop within 60 s of SIGTERM; log " + log + ":\n" + log()));
    }

    /** Waits for the process to end by itself; empty when it is still running after {@code timeout}. */
    OptionalInt awaitExit(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return OptionalInt.of(process.exitValue());
            }
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + name, e);
        }
    }

    @Override
    public String toString() {
        return name + " (process " + process.pid() + ", log " + log + ")";
    }
}
