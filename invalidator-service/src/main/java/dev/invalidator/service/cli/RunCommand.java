package dev.invalidator.service.cli;

import dev.invalidator.service.config.ConfigException;
import dev.invalidator.service.config.ServiceConfig;
import dev.invalidator.service.run.InvalidatorService;
import dev.invalidator.service.run.StartupException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
        config.describe().forEach(line -> LOG.info("config {}", line));
        InvalidatorService service;
        try {
            service = InvalidatorService.start(config);
        } catch (StartupException e) {
            err.println("cannot start: " + e.getMessage());
            err.flush();
            return 1;
        }
        Thread stopper = new Thread(service::close, "invalidator-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);
        service.awaitStop();
        return service.live() ? 0 : 1;
    }
}
