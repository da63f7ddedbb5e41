package dev.invalidator.service.http;

import java.util.Map;

/**
 * What {@code GET /health/live} and {@code GET /health/ready} answer. Called on the HTTP threads for every probe:
 * implementations must be thread-safe and quick (report state kept up to date elsewhere, do not connect anywhere).
 */
public interface HealthCheck {

    /** False when the process is stuck beyond repair and should be restarted. */
    boolean live();

    /** False while the service cannot do its work (Redis or Kafka unreachable, starting, stopping). */
    boolean ready();

    /**
     * Why, by component, for the bodies of both answers: {@code "redis" -> "unreachable: 127.0.0.1:6379: Connection
     * refused"}, {@code "pipeline" -> "running"}.
     */
    Map<String, String> details();
}
