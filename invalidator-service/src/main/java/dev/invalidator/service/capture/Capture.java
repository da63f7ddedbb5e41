package dev.invalidator.service.capture;

import dev.invalidator.service.config.ServiceConfig;
import dev.invalidator.service.config.ServiceFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every capture source of a configuration, started together; {@link #close()} stops them all. When one fails, the
 * listener is told (on a thread of its own, so that it may close this).
 */
public final class Capture implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Capture.class);

    private final List<CaptureSource> sources;

    private Capture(List<CaptureSource> sources) {
        this.sources = List.copyOf(sources);
    }

    /**
     * Starts the sources of {@code capture.sources}, writing to the service's Kafka with its client properties.
     *
     * @param onFailure told when a source stops on an error
     * @throws CaptureException when a source cannot start; those already started are stopped
     */
    public static Capture start(ServiceConfig config, Runnable onFailure) {
        String bootstrapServers = String.join(",", config.get(ServiceFields.KAFKA_BOOTSTRAP_SERVERS));
        Map<String, String> kafkaClient = config.kafkaClientProperties();
        boolean createTopics = config.get(ServiceFields.KAFKA_TOPICS_CREATE);
        CaptureSource.FailureListener listener = (name, reason) -> {
            Thread stopper = new Thread(onFailure, "capture-failed-" + name);
            stopper.start();
        };
        List<CaptureSource> started = new ArrayList<>();
        try {
            for (CaptureSourceSettings settings : config.captureSources()) {
                started.add(CaptureSource.start(settings, bootstrapServers, kafkaClient, createTopics, listener));
            }
        } catch (RuntimeException e) {
            started.forEach(CaptureSource::close);
            throw new CaptureException("cannot start capture: " + e.getMessage(), e);
        }
        return new Capture(started);
    }

    /** The sources, in configuration order. */
    public List<CaptureSource> sources() {
        return sources;
    }

    /** False once a source stopped on an error. */
    public boolean live() {
        return sources.stream().allMatch(source -> source.failure().isEmpty());
    }

    /** The first source's failure, if one failed. */
    public Optional<String> failure() {
        return sources.stream().flatMap(source -> source.failure().map(reason -> source.name() + ": " + reason)
                .stream()).findFirst();
    }

    /** Waits until every source stopped. */
    public void awaitStop() throws InterruptedException {
        for (CaptureSource source : sources) {
            source.awaitStop();
        }
    }

    @Override
    public void close() {
        for (CaptureSource source : sources) {
            source.close();
        }
        LOG.info("capture stopped");
    }
}
