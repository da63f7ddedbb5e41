package dev.invalidator.service.capture;

import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One capture source: an embedded Debezium engine whose records go to Kafka under Debezium's topic names
 * ({@code <topic.prefix>.<schema>.<table>}), with the keys, values and headers Kafka Connect's JsonConverter writes.
 * A record counts as processed, and its position may be stored as the source's offset, only once Kafka acknowledged
 * it; offsets live in Kafka, so a restart resumes where the last run stopped.
 *
 * <pre>{@code
 * try (CaptureSource source = CaptureSource.start(settings, "localhost:9092", Map.of(), true, failure -> {})) {
 *     source.awaitStop();
 * }
 * }</pre>
 */
public final class CaptureSource implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CaptureSource.class);
    private static final long STOP_TIMEOUT_SECONDS = 60;

    private final String name;
    private final ChangeTopics topics;
    private final ChangeRecordWriter writer;
    private final DebeziumEngine<ChangeEvent<String, String>> engine;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<String> failure = new AtomicReference<>();
    private volatile boolean closing;

    private CaptureSource(CaptureSourceSettings settings, String bootstrapServers, Map<String, String> kafkaClient,
                          boolean createTopics, FailureListener onFailure) {
        this.name = settings.name();
        this.topics = createTopics ? ChangeTopics.creating(bootstrapServers, kafkaClient, settings.properties())
                : ChangeTopics.notCreating();
        try {
            this.writer = new ChangeRecordWriter(name, bootstrapServers, kafkaClient, topics);
        } catch (RuntimeException e) {
            topics.close();
            throw e;
        }
        this.engine = DebeziumEngine.create(Json.class, Json.class, Json.class)
                .using(EngineProperties.of(settings, bootstrapServers, kafkaClient))
                .notifying(this::handleBatch)
                .using((success, message, error) -> finished(success, message, error, onFailure))
                .build();
        this.thread = new Thread(engine, "capture-" + name);
    }

    /** Called once when a source stops on its own, on an error. */
    @FunctionalInterface
    public interface FailureListener {
        void failed(String sourceName, String reason);
    }

    /**
     * Starts the engine on a thread of its own.
     *
     * @param bootstrapServers the Kafka the records, offsets (and MariaDB schema history) go to
     * @param kafkaClient      extra Kafka client properties (security), as the service's {@code kafka.client.*}
     * @param createTopics     whether change topics are created when first written to
     * @param onFailure        told when the engine stops on an error rather than by {@link #close()}
     */
    public static CaptureSource start(CaptureSourceSettings settings, String bootstrapServers,
                                      Map<String, String> kafkaClient, boolean createTopics,
                                      FailureListener onFailure) {
        CaptureSource source = new CaptureSource(settings, bootstrapServers, kafkaClient, createTopics, onFailure);
        source.thread.start();
        LOG.info("capture source {} ({}) started, writing to {}", settings.name(),
                settings.connector().configName(), bootstrapServers);
        return source;
    }

    private void handleBatch(List<ChangeEvent<String, String>> batch,
                             DebeziumEngine.RecordCommitter<ChangeEvent<String, String>> committer)
            throws InterruptedException {
        writer.writeAll(batch);
        for (ChangeEvent<String, String> event : batch) {
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
    }

    private void finished(boolean success, String message, Throwable error, FailureListener onFailure) {
        try {
            // An engine that stops without being closed has stopped capturing, whatever it says.
            if (!closing) {
                String reason = (success ? "stopped by itself: " : "") + message
                        + (error == null ? "" : ": " + error);
                failure.set(reason);
                LOG.error("capture source {} stopped: {}", name, reason, error);
                onFailure.failed(name, reason);
            } else {
                LOG.info("capture source {} stopped", name);
            }
        } finally {
            stopped.countDown();
        }
    }

    public String name() {
        return name;
    }

    /** Why the source stopped on its own, or empty while it runs or after a clean stop. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Waits until the engine stopped (closed, or failed). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Stops the engine, which stores the offsets of what Kafka acknowledged, then closes the Kafka clients. */
    @Override
    public void close() {
        closing = true;
        try {
            engine.close();
            if (!stopped.await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("capture source {} did not stop within {} s", name, STOP_TIMEOUT_SECONDS);
            }
            thread.join(TimeUnit.SECONDS.toMillis(STOP_TIMEOUT_SECONDS));
        } catch (IOException e) {
            LOG.warn("stopping capture source {} failed: {}", name, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            writer.close();
            topics.close();
        }
    }
}
