package dev.invalidator.service.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /health/live} and {@code GET /health/ready}: 200 or 503, with the details saying why. */
final class HealthEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(HealthEndpoints.class);

    private final HealthCheck health;

    HealthEndpoints(HealthCheck health) {
        this.health = health;
    }

    Response live(byte[] body) {
        return answer("live", health::live);
    }

    Response ready(byte[] body) {
        return answer("ready", health::ready);
    }

    private Response answer(String probe, BooleanSupplier check) {
        boolean up;
        Map<String, String> details;
        try {
            up = check.getAsBoolean();
            details = health.details();
        } catch (RuntimeException e) {
            // A check that cannot answer is a failing check, not a server error: the probe should see 503.
            LOG.error("the {} check failed", probe, e);
            return Response.json(503, Response.object().put("status", "down")
                    .put("error", "the " + probe + " check failed; the service's log has the details"));
        }
        ObjectNode json = Response.object().put("status", up ? "up" : "down");
        ObjectNode detailsJson = json.putObject("details");
        details.forEach(detailsJson::put);
        return Response.json(up ? 200 : 503, json);
    }
}
