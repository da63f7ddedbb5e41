package dev.invalidator.it.run;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A mariadbd of the test's own, ready for capture (row-based binlog, full row images): its own data directory,
 * socket and loopback port; root without a password. Needs the Debian package mariadb-server.
 */
final class ChildMariaDb implements AutoCloseable {

    static final Path MARIADBD = Path.of("/usr/sbin/mariadbd");
    private static final Path INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");

    private final Path directory;
    private final int port;
    private final Process process;

    private ChildMariaDb(Path directory, int port, Process process) {
        this.directory = directory;
        this.port = port;
        this.process = process;
    }

    static boolean installed() {
        return Files.isExecutable(MARIADBD) && Files.isExecutable(INSTALL_DB);
    }

    static ChildMariaDb start() throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("capture-mariadb-");
        Path data = directory.resolve("data");
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> install = new ArrayList<>(List.of(INSTALL_DB.toString(), "--no-defaults", "--datadir=" + data,
                "--auth-root-authentication-method=normal", "--skip-test-db"));
        List<String> server = new ArrayList<>(List.of(MARIADBD.toString(), "--no-defaults", "--datadir=" + data,
                "--socket=" + directory.resolve("mariadb.sock"), "--pid-file=" + directory.resolve("mariadb.pid"),
                "--log-error=" + directory.resolve("error.log"), "--bind-address=127.0.0.1", "--skip-name-resolve",
                "--log-bin=" + data.resolve("binlog"), "--binlog-format=ROW", "--binlog-row-image=FULL",
                "--server-id=1", "--innodb-buffer-pool-size=64M"));
        if (root) {
            install.add("--user=root");
            server.add("--user=root");
        }
        Process installing = new ProcessBuilder(install).redirectErrorStream(true)
                .redirectOutput(directory.resolve("install.log").toFile()).start();
        if (!installing.waitFor(60, TimeUnit.SECONDS) || installing.exitValue() != 0) {
            installing.destroyForcibly();
            throw new IOException("mariadb-install-db failed; see " + directory.resolve("install.log"));
        }
        int port = freePort();
        server.add("--port=" + port);
        Process process = new ProcessBuilder(server).redirectErrorStream(true)
                .redirectOutput(directory.resolve("mariadbd.out").toFile()).start();
        ChildMariaDb child = new ChildMariaDb(directory, port, process);
        child.awaitReady();
        return child;
    }

    int port() {
        return port;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", "root", "");
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                close();
                throw new IOException("mariadbd exited with " + process.exitValue());
            }
            try (Connection ignored = connect()) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        close();
        throw new IOException("mariadbd took no connection within 60 s", last);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy(); // SIGTERM: mariadbd shuts down cleanly
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
