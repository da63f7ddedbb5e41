package dev.invalidator.service.cli;

import dev.invalidator.service.capture.Capture;
import dev.invalidator.service.capture.CaptureException;
import dev.invalidator.service.config.ConfigException;
import dev.invalidator.service.config.ServiceConfig;
import dev.invalidator.service.embedded.EmbeddedException;
import dev.invalidator.service.embedded.EmbeddedPlan;
import dev.invalidator.service.embedded.EmbeddedStack;
import dev.invalidator.service.embedded.TimedClose;
import dev.invalidator.service.embedded.redis.RedisPing;
import dev.invalidator.service.redis.RedisEndpoint;
import dev.invalidator.service.run.InvalidatorService;
import dev.invalidator.service.run.Role;
import dev.invalidator.service.run.StartupException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
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
                "With --embedded it first starts what the configuration does not name: a Kafka broker, a PostgreSQL"
                        + " with the demo schema and its capture, a Redis (unless one answers on 127.0.0.1:6379), the"
                        + " bundled shop rules; all of it keeps its data under --data-dir and stops with the service.",
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

    @Option(names = "--embedded",
            description = "Start what the configuration leaves out: Kafka (no kafka.bootstrap.servers), PostgreSQL with"
                    + " the demo schema and a capture source on it (no capture.sources), Redis (no redis.* address,"
                    + " and none answering on 127.0.0.1:6379), the bundled shop rules (no rules.directory).")
    boolean embedded;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "With --embedded: where the started parts keep their data (kafka/, postgres/, redis/,"
                    + " rules/); a restart on the same directory resumes. Default: ${DEFAULT-VALUE}.",
            defaultValue = "invalidator-data")
    Path dataDirectory;

    /** Where --embedded looks for a running Redis; hidden, for tests that need the embedded one started. */
    @Option(names = "--local-redis", paramLabel = "HOST:PORT", hidden = true, defaultValue = "127.0.0.1:6379",
            converter = EndpointConverter.class)
    RedisEndpoint localRedis;

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
        if (role == Role.CAPTURE && config.captureSources().isEmpty() && !embedded) {
            err.println("--role capture needs at least one capture source (capture.sources.<name>.connector)");
            err.flush();
            return 2;
        }
        Running running = new Running();
        // Before anything starts: Ctrl-C during the start stops what had started.
        Thread stopper = new Thread(running::close, "invalidator-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            if (embedded) {
                EmbeddedPlan plan = EmbeddedPlan.decide(config, localRedis, new RedisPing(Duration.ofMillis(500)));
                running.stack = new EmbeddedStack(dataDirectory);
                config = running.stack.start(config, plan, localRedis);
            }
            config.describe().forEach(line -> LOG.info("config {}", line));
            if (role.captures() && !config.captureSources().isEmpty()) {
                running.capture = Capture.start(config, running::close);
            }
            if (role.invalidates()) {
                running.service = InvalidatorService.start(config);
            }
        } catch (StartupException | CaptureException | EmbeddedException e) {
            running.close();
            removeHook(stopper);
            err.println("cannot start: " + e.getMessage());
            err.flush();
            return 1;
        }
        running.awaitStop();
        return running.live() ? 0 : 1;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // A signal came during the start: the hook is running and finds everything stopped.
        }
    }

    /**
     * What this process started; a failing capture source stops all of it, as does a signal. The embedded stack stops
     * last, after the service and the capture that use it.
     */
    private static final class Running {
        private static final Duration SERVICE_STOP_LIMIT = Duration.ofSeconds(15);
        volatile Capture capture;
        volatile InvalidatorService service;
        volatile EmbeddedStack stack;
        private boolean closed;

        void close() {
            closeService();
            EmbeddedStack toStop = stack;
            if (toStop != null) {
                // Thread-safe: a start still in progress stops at its next part.
                toStop.close();
            }
        }

        synchronized void closeService() {
            if (closed) {
                return;
            }
            closed = true;
            if (stack == null) {
                if (service != null) {
                    service.close();
                }
                if (capture != null) {
                    capture.close();
                }
                return;
            }
            // The embedded parts below must be stopped whatever happens here (see TimedClose).
            TimedClose.close("service", service, SERVICE_STOP_LIMIT);
            TimedClose.close("capture", capture, SERVICE_STOP_LIMIT);
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

    static final class EndpointConverter implements CommandLine.ITypeConverter<RedisEndpoint> {
        @Override
        public RedisEndpoint convert(String value) {
            try {
                return RedisEndpoint.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
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
