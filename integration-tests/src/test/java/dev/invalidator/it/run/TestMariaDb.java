package dev.invalidator.it.run;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.invalidator.it.infra.Infrastructure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A MariaDB ready for capture (row-based binlog, full row images) for a test class, root without a password.
 * Follows the {@link Infrastructure} switch: a {@link ChildMariaDb} (the Debian package mariadb-server's
 * {@code mariadbd}, its own data directory and port; the class is skipped when it is not installed) on the local
 * path, a {@value #IMAGE} container otherwise. Register as a static extension.
 */
final class TestMariaDb implements CaptureDatabase, BeforeAllCallback, AfterAllCallback {

    static final String IMAGE = "mariadb:10.11";
    private static final int PORT = 3306;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    // Each source reads the binlog as a replica with a server id of its own; the server itself is 1.
    private final AtomicInteger serverIds = new AtomicInteger(5400);
    // Set before the class's tests run, closed after them.
    private AutoCloseable server;
    private String host;
    private int port;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (Infrastructure.chosen() == Infrastructure.CONTAINERS) {
            GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE))
                    .withEnv("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "1")
                    .withCommand("--log-bin=binlog", "--binlog-format=ROW", "--binlog-row-image=FULL",
                            "--server-id=1")
                    .withExposedPorts(PORT)
                    // The image's first start runs a server without networking to initialise, then the real one.
                    .waitingFor(Wait.forListeningPort().withStartupTimeout(TIMEOUT));
            server = container;
            container.start();
            host = container.getHost();
            port = container.getMappedPort(PORT);
            awaitConnection();
        } else {
            assumeTrue(ChildMariaDb.installed(), ChildMariaDb.MARIADBD + " not installed (Debian package mariadb-server)");
            ChildMariaDb child = ChildMariaDb.start();
            server = child;
            host = "127.0.0.1";
            port = child.port();
        }
    }

    private void awaitConnection() {
        await("a connection to MariaDB at " + host + ":" + port).atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> {
                    try (Connection ignored = connect()) {
                        return true;
                    }
                });
    }

    @Override
    public String connector() {
        return "mariadb";
    }

    @Override
    public Map<String, String> captureProperties(String source, String schema, String topicPrefix) {
        return Map.of("database.hostname", host,
                "database.port", Integer.toString(port),
                "database.user", "root",
                "database.password", "",
                "database.server.id", Integer.toString(serverIds.incrementAndGet()),
                "topic.prefix", topicPrefix,
                "database.include.list", schema);
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://" + host + ":" + port + "/", "root", "");
    }

    @Override
    public void createSchema(Connection db, String schema) throws SQLException {
        CaptureDatabase.sql(db, "CREATE DATABASE " + schema);
    }

    /** Nothing to do: the server writes full row images ({@code binlog_row_image=FULL}). */
    @Override
    public void fullBeforeImages(Connection db, String table) {
    }

    /**
     * Nothing to wait for: the connector takes the binlog position under its snapshot's lock, so every change
     * committed after the source started is either in the snapshot or streamed after it. (Tests wait for the
     * snapshot's records when they need writes to be streamed as changes.)
     */
    @Override
    public void awaitCaptureStreaming(String source) {
    }

    /** Nothing to wait for: a reader with the same server id takes over from a dead one. */
    @Override
    public void awaitCaptureGone(String source) {
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server != null) {
            server.close();
        }
    }
}
