package dev.invalidator.service.run;

import dev.invalidator.service.http.HealthCheck;
import dev.invalidator.service.pipeline.InvalidationPipeline;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The service's health as the probes see it: the pipeline's state, which it keeps up to date itself. */
final class ServiceHealth implements HealthCheck {

    private final InvalidationPipeline pipeline;

    ServiceHealth(InvalidationPipeline pipeline) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    }

    @Override
    public boolean live() {
        return pipeline.healthy();
    }

    @Override
    public boolean ready() {
        return pipeline.ready();
    }

    @Override
    public Map<String, String> details() {
        Map<String, String> details = new LinkedHashMap<>();
        String state;
        if (!pipeline.healthy()) {
            state = "stopped on an unexpected error; restart the service";
        } else if (pipeline.degraded()) {
            state = "waiting for Redis or Kafka, retrying with back-off; nothing is skipped";
        } else if (pipeline.ready()) {
            state = "running";
        } else {
            state = "not running (starting or stopping)";
        }
        details.put("pipeline", state);
        return details;
    }
}
