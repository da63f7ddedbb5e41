package dev.invalidator.service.pipeline;

import dev.invalidator.service.redis.ApplyResult;
import dev.invalidator.service.redis.RedisWork;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Told what the pipeline does, for metrics. Called on the pipeline's loop thread, except {@link #opened} (on the
 * thread that creates the pipeline) and {@link #closing} (on the thread that closes it when the loop never ran); an
 * observer must return quickly and must not throw. Every method does nothing unless overridden.
 */
public interface PipelineObserver {

    /** An observer that observes nothing. */
    PipelineObserver NONE = new PipelineObserver() {
    };

    /**
     * The pipeline was built. Its Kafka clients are handed over only to read their {@code metrics()}, which is
     * thread-safe; nothing else may be called on them.
     */
    default void opened(InvalidationPipeline pipeline, Consumer<?, ?> consumer, List<Producer<?, ?>> producers) {
    }

    /** The batch's dead letters were acknowledged, after {@code elapsedNanos} of sending. */
    default void deadLettersPublished(Batch batch, long elapsedNanos) {
    }

    /** One {@link RedisWork} was applied, in {@code elapsedNanos}. */
    default void workApplied(RedisWork work, ApplyResult result, long elapsedNanos) {
    }

    /** Redis applied every work of the batch at {@code appliedAt}. */
    default void batchApplied(Batch batch, Instant appliedAt) {
    }

    /** The batch's broadcasts were acknowledged, after {@code elapsedNanos} of sending. */
    default void broadcastPublished(Batch batch, long elapsedNanos) {
    }

    /**
     * The batch was applied to Redis and its broadcasts were acknowledged; its offsets are committed next. A crash
     * from here on replays the batch.
     */
    default void committing(Batch batch) {
    }

    /** The pipeline is about to close its Kafka clients. */
    default void closing(InvalidationPipeline pipeline) {
    }

    /** This observer, then {@code next}, told of everything in that order. */
    default PipelineObserver andThen(PipelineObserver next) {
        return new CombinedObserver(this, next);
    }
}
