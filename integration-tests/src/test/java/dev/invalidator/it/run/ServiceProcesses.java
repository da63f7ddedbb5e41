package dev.invalidator.it.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The service processes one test starts. Register with {@code @RegisterExtension}; after each test every process
 * still running is killed, and when the test failed every process's log is printed, so that a CI failure shows what
 * the service saw. {@link #forClass()} instead keeps them for the whole class: register it as a static extension;
 * the processes are killed after the class's last test, and their logs printed after every failed test.
 */
final class ServiceProcesses implements AfterEachCallback, AfterAllCallback {

    private final List<ServiceProcess> started = new ArrayList<>();
    private final boolean classWide;

    /** Processes of one test, killed after it. */
    ServiceProcesses() {
        this(false);
    }

    private ServiceProcesses(boolean classWide) {
        this.classWide = classWide;
    }

    /** Processes shared by the tests of a class, killed after its last test. */
    static ServiceProcesses forClass() {
        return new ServiceProcesses(true);
    }

    /** {@code invalidator run -c configFile}, see {@link ServiceProcess#run}. */
    ServiceProcess run(String name, Path configFile) {
        return track(ServiceProcess.run(name, configFile));
    }

    /** Another main class, see {@link ServiceProcess#start}. */
    ServiceProcess start(String name, String mainClass, List<String> arguments, Path log) {
        return track(ServiceProcess.start(name, mainClass, arguments, log));
    }

    private ServiceProcess track(ServiceProcess process) {
        started.add(process);
        return process;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (classWide) {
            if (context.getExecutionException().isPresent()) {
                printLogs();
            }
            return;
        }
        killAll(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (classWide) {
            killAll(context);
        }
    }

    private void killAll(ExtensionContext context) {
        try {
            for (ServiceProcess process : started) {
                if (process.isAlive()) {
                    process.kill();
                }
            }
            if (context.getExecutionException().isPresent()) {
                printLogs();
            }
        } finally {
            started.clear();
        }
    }

    private void printLogs() {
        for (ServiceProcess process : started) {
            System.err.printf("%n===== log of %s =====%n%s===== end of the log of %s =====%n", process,
                    process.log(), process.name());
        }
    }
}
