package dev.invalidator.service.demo;

import dev.invalidator.service.pipeline.Batch;
import dev.invalidator.service.pipeline.PipelineObserver;
import dev.invalidator.service.redis.ApplyResult;
import dev.invalidator.service.redis.RedisWork;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** What the service's pipeline did, counted for the demo's progress lines. */
final class PipelineCounters implements PipelineObserver {

    private final AtomicLong events = new AtomicLong();
    private final AtomicLong keysRemoved = new AtomicLong();
    private final AtomicLong tagMembersRemoved = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();

    @Override
    public void workApplied(RedisWork work, ApplyResult result, long elapsedNanos) {
        keysRemoved.addAndGet(result.keysRemoved() + result.dependentsRemoved());
        tagMembersRemoved.addAndGet(result.tagMembersRemoved());
    }

    @Override
    public void batchApplied(Batch batch, Instant appliedAt) {
        events.addAndGet(batch.events());
        deadLetters.addAndGet(batch.deadLetters().size());
    }

    long events() {
        return events.get();
    }

    long keysRemoved() {
        return keysRemoved.get();
    }

    long tagMembersRemoved() {
        return tagMembersRemoved.get();
    }

    long deadLetters() {
        return deadLetters.get();
    }
}
