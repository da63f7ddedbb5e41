package dev.invalidator.service.embedded.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/**
 * Waits until a starting broker serves clients: first its port accepts connections, then an admin client's
 * {@code describeCluster} lists the node (registered with its controller and unfenced, so topics can be created).
 * Fails early, with the broker's last log lines, when the broker process exits first.
 */
final class BrokerReadiness {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final int TAIL_LINES = 40;

    private final ChildJvm broker;
    private final int port;
    private final Instant deadline;
    private final Duration timeout;

    BrokerReadiness(ChildJvm broker, int port, Duration timeout) {
        this.broker = broker;
        this.port = port;
        this.timeout = timeout;
        this.deadline = Instant.now().plus(timeout);
    }

    void awaitPortOpen() {
        while (!LocalPorts.accepts(port)) {
            requireRunningAndInTime("port " + port + " never accepted a connection");
            pause();
        }
    }

    void awaitClusterDescribed() {
        String lastProblem = "no answer yet";
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalPorts.HOST + ":" + port,
                AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-readiness",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200))) {
            while (true) {
                requireRunningAndInTime("describeCluster did not list the broker (last: " + lastProblem + ")");
                int attemptMillis = (int) Math.max(1, Math.min(5_000, Duration.between(Instant.now(), deadline).toMillis()));
                try {
                    Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(attemptMillis))
                            .nodes().get(attemptMillis + 1_000L, TimeUnit.MILLISECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                    lastProblem = "no broker registered yet";
                } catch (ExecutionException | TimeoutException e) {
                    Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                    lastProblem = cause.getClass().getSimpleName() + ": " + cause.getMessage();
                }
                pause();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("Interrupted while waiting for the Kafka broker on port " + port, e);
        }
    }

    private void requireRunningAndInTime(String whatIsMissing) {
        if (!broker.isAlive()) {
            Optional<Integer> status = broker.waitForExit(Duration.ofSeconds(1));
            throw new EmbeddedKafkaException("The Kafka broker (process " + broker.pid() + ") exited with status "
                    + status.map(String::valueOf).orElse("unknown") + " before it was ready on " + LocalPorts.HOST + ":"
                    + port + ". Log: " + broker.logFile() + "; its last lines:\n" + LogTail.of(broker.logFile(), TAIL_LINES));
        }
        if (Instant.now().isAfter(deadline)) {
            throw new EmbeddedKafkaException("The Kafka broker (process " + broker.pid() + ") was not ready on "
                    + LocalPorts.HOST + ":" + port + " within " + timeout.toSeconds() + " s: " + whatIsMissing
                    + ". Log: " + broker.logFile() + "; its last lines:\n" + LogTail.of(broker.logFile(), TAIL_LINES));
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("Interrupted while waiting for the Kafka broker", e);
        }
    }
}
