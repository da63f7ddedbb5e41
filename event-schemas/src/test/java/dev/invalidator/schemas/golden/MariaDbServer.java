package dev.invalidator.schemas.golden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away MariaDB server for capture: its own {@code mariadbd} process with its own data directory, socket and
 * loopback port, row-based binary log with full row images. {@link #close()} stops the process and deletes the
 * directory.
 *
 * <p>Needs the Debian {@code mariadb-server} package ({@code /usr/sbin/mariadbd} and {@code mariadb-install-db});
 * the system's own MariaDB service, if any, is neither used nor touched.
 */
final class MariaDbServer implements AutoCloseable {

    static final Path MARIADBD = Path.of("/usr/sbin/mariadbd");
    static final Path INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");

    private final Path dir;
    private final int port;
    private final Process process;
    private final Thread shutdownHook;

    private MariaDbServer(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.shutdownHook = new Thread(this::kill, "mariadbd-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Whether this machine has what {@link #start} needs, and if not, what is missing. */
    static String missingPrerequisite() {
        if (!Files.isExecutable(MARIADBD)) {
            return MARIADBD + " not found: install the Debian package mariadb-server";
        }
        if (!Files.isExecutable(INSTALL_DB)) {
            return INSTALL_DB + " not found: install the Debian package mariadb-server";
        }
        return null;
    }

    static MariaDbServer start(int serverId) throws IOException, InterruptedException {
        String missing = missingPrerequisite();
        if (missing != null) {
            throw new IllegalStateException(missing);
        }
        Path dir = Files.createTempDirectory("golden-mariadb-");
        Path data = dir.resolve("data");
        boolean root = isRoot();

        List<String> install = new ArrayList<>(List.of(
                INSTALL_DB.toString(), "--no-defaults",
                "--datadir=" + data,
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
                "--innodb-log-file-size=8M"));
        if (root) {
            install.add("--user=root");
        }
        try {
            run(install, dir.resolve("install.log"), Duration.ofSeconds(60));
        } catch (IOException | InterruptedException e) {
            deleteTree(dir);
            throw e;
        }

        IOException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) { // the free port may be taken between probe and bind
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(
                    MARIADBD.toString(), "--no-defaults",
                    "--datadir=" + data,
                    "--socket=" + dir.resolve("mariadb.sock"),
                    "--pid-file=" + dir.resolve("mariadb.pid"),
                    "--log-error=" + dir.resolve("error.log"),
                    "--port=" + port,
                    "--bind-address=127.0.0.1",
                    "--skip-name-resolve",
                    "--log-bin=" + data.resolve("binlog"),
                    "--binlog-format=ROW",
                    "--binlog-row-image=FULL",
                    "--server-id=" + serverId,
                    "--default-time-zone=+00:00",
                    "--innodb-log-file-size=8M",
                    "--innodb-buffer-pool-size=64M"));
            if (root) {
                command.add("--user=root");
            }
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("mariadbd.out").toFile())
                    .start();
            MariaDbServer server = new MariaDbServer(dir, port, process);
            try {
                server.awaitReady(Duration.ofSeconds(60));
                return server;
            } catch (IOException e) {
                failure = new IOException("mariadbd did not become ready: " + e.getMessage() + "\n" + server.errorLog(), e);
                server.stopProcess();
            } catch (InterruptedException | RuntimeException e) {
                server.close();
                throw e;
            }
        }
        deleteTree(dir);
        throw failure;
    }

    int port() {
        return port;
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:mariadb://127.0.0.1:" + port + "/" + (database == null ? "" : database), "root", "");
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("mariadbd exited with " + process.exitValue());
            }
            try (Connection c = connect(null)) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new IOException("no connection within " + timeout, last);
    }

    private String errorLog() {
        try {
            Path log = dir.resolve("error.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no error log)";
        } catch (IOException e) {
            return "(error log unreadable: " + e.getMessage() + ")";
        }
    }

    private void kill() {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: mariadbd shuts down cleanly
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private void stopProcess() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or ran
        }
    }

    @Override
    public void close() {
        stopProcess();
        deleteTree(dir);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isRoot() {
        try {
            Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String out = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            id.waitFor(10, TimeUnit.SECONDS);
            return out.equals("0");
        } catch (IOException e) {
            return "root".equals(System.getProperty("user.name"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static void run(List<String> command, Path log, Duration timeout) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within " + timeout);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed with " + p.exitValue() + ":\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
