package dev.invalidator.service.pipeline;

import dev.invalidator.service.redis.ApplyResult;
import dev.invalidator.service.redis.RedisWork;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/** Two observers told of everything, first then second. */
record CombinedObserver(PipelineObserver first, PipelineObserver second) implements PipelineObserver {

    CombinedObserver {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
    }

    @Override
    public void opened(InvalidationPipeline pipeline, Consumer<?, ?> consumer, List<Producer<?, ?>> producers) {
        first.opened(pipeline, consumer, producers);
        second.opened(pipeline, consumer, producers);
    }

    @Override
    public void deadLettersPublished(Batch batch, long elapsedNanos) {
        first.deadLettersPublished(batch, elapsedNanos);
        second.deadLettersPublished(batch, elapsedNanos);
    }

    @Override
    public void workApplied(RedisWork work, ApplyResult result, long elapsedNanos) {
        first.workApplied(work, result, elapsedNanos);
        second.workApplied(work, result, elapsedNanos);
    }

    @Override
    public void batchApplied(Batch batch, Instant appliedAt) {
        first.batchApplied(batch, appliedAt);
        second.batchApplied(batch, appliedAt);
    }

    @Override
    public void broadcastPublished(Batch batch, long elapsedNanos) {
        first.broadcastPublished(batch, elapsedNanos);
        second.broadcastPublished(batch, elapsedNanos);
    }

    @Override
    public void committing(Batch batch) {
        first.committing(batch);
        second.committing(batch);
    }

    @Override
    public void closing(InvalidationPipeline pipeline) {
        first.closing(pipeline);
        second.closing(pipeline);
    }
}
