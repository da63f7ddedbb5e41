package dev.invalidator.service.cli;

import dev.invalidator.service.capture.Capture;
import dev.invalidator.service.capture.CaptureException;
import dev.invalidator.service.config.ConfigException;
import dev.invalidator.service.config.ServiceConfig;
import dev.invalidator.service.run.InvalidatorService;
import dev.invalidator.service.run.Role;
import dev.invalidator.service.run.StartupException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code invalidator run}: the service, until SIGTERM or Ctrl-C. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {"Run the service: read the change topics and the requests topic, invalidate Redis, broadcast.",
                "Stops on SIGTERM or Ctrl-C after committing what was applied.",
                "Exit status: 143 after SIGTERM and 130 after Ctrl-C once stopped cleanly (the JVM's own"
                        + " convention: 128 + the signal), 1 when it could not start or stopped on an error,"
                        + " 2 for a bad configuration."})
final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (YAML). Without it every key takes its default; INVALIDATOR_* "
                    + "environment variables override either.")
    Path configFile;

    @Option(names = "--role", paramLabel = "ROLE", defaultValue = "all", converter = RoleConverter.class,
            description = "capture: only the capture sources (capture.sources.*); invalidate: only the invalidation"
                    + " service; all (default): both in one process.")
    Role role = Role.ALL;

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;

    RunCommand() {
        this(System.getenv());
    }

    RunCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        ServiceConfig config;
        try {
            config = configFile == null ? ServiceConfig.parse("(defaults)", "", environment)
                    : ServiceConfig.load(configFile, environment);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            err.flush();
            return 2;
        }
        if (role == Role.CAPTURE && config.captureSources().isEmpty()) {
            err.println("--role capture needs at least one capture source (capture.sources.<name>.connector)");
            err.flush();
            return 2;
        }
        config.describe().forEach(line -> LOG.info("config {}", line));
        Running running = new Running();
        try {
            if (role.captures() && !config.captureSources().isEmpty()) {
                running.capture = Capture.start(config, running::close);
            }
            if (role.invalidates()) {
                running.service = InvalidatorService.start(config);
            }
        } catch (StartupException | CaptureException e) {
            running.close();
            err.println("cannot start: " + e.getMessage());
            err.flush();
            return 1;
        }
        Thread stopper = new Thread(running::close, "invalidator-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);
        running.awaitStop();
        return running.live() ? 0 : 1;
    }

    /** What this process started; a failing capture source stops all of it, as does a signal. */
    private static final class Running {
        volatile Capture capture;
        volatile InvalidatorService service;
        private boolean closed;

        synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (service != null) {
                service.close();
            }
            if (capture != null) {
                capture.close();
            }
        }

        void awaitStop() throws InterruptedException {
            if (service != null) {
                service.awaitStop();
                // The pipeline ended (closed, or on an error): capture alone would feed no one here.
                close();
            }
            if (capture != null) {
                capture.awaitStop();
            }
        }

        boolean live() {
            return (service == null || service.live()) && (capture == null || capture.live());
        }
    }

    static final class RoleConverter implements CommandLine.ITypeConverter<Role> {
        @Override
        public Role convert(String value) {
            try {
                return Role.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
