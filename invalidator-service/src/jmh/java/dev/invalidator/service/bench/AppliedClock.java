package dev.invalidator.service.bench;

import dev.invalidator.service.pipeline.Batch;
import dev.invalidator.service.pipeline.PipelineObserver;
import dev.invalidator.service.redis.ApplyResult;
import dev.invalidator.service.redis.RedisWork;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's own view, as its {@code invalidator.commit.to.applied} metric takes it: when Redis has applied a
 * batch, per change event, the time since its database commit ({@code source.ts_us}) and since its Kafka append. Only
 * events committed from {@link #measureFrom} on are kept; every event is counted. Also how long each batch's
 * broadcast took to be acknowledged, how long Redis took, and the batch sizes (of batches with a measured event). Called on the pipeline's thread; read after it stopped.
 */
final class AppliedClock implements PipelineObserver {

    private final AtomicLong applied = new AtomicLong();
    private volatile long measureFromMicros = Long.MAX_VALUE;
    private final Samples commitToApplied = new Samples();
    private final Samples measuredCommits = new Samples();
    private final Samples appendToApplied = new Samples();
    private final Samples broadcastAck = new Samples();
    private final Samples batchEvents = new Samples();
    private final Samples redisApply = new Samples();
    private long batchRedisNanos;
    private boolean batchMeasured;
    private long firstAppliedMicros;
    private long lastAppliedMicros;

    /** Keeps the latencies of events committed at or after {@code epochMicros}. */
    void measureFrom(long epochMicros) {
        measureFromMicros = epochMicros;
    }

    @Override
    public void workApplied(RedisWork work, ApplyResult result, long elapsedNanos) {
        batchRedisNanos += elapsedNanos;
    }

    @Override
    public void batchApplied(Batch batch, Instant appliedAt) {
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, appliedAt);
        long from = measureFromMicros;
        long[] commits = batch.facts().commitTimes().toArray();
        long[] appends = batch.facts().appendTimes().toArray();
        int measured = 0;
        for (int i = 0; i < commits.length; i++) {
            if (commits[i] >= from) {
                measured++;
                commitToApplied.add(now - commits[i]);
                measuredCommits.add(commits[i]);
                // The planner notes both for every change event, in the same order; the bench sends no requests.
                if (i < appends.length) {
                    appendToApplied.add(now - appends[i]);
                }
            }
        }
        batchMeasured = measured > 0;
        if (batchMeasured) {
            batchEvents.add(batch.events());
            redisApply.add(batchRedisNanos / 1_000);
            if (firstAppliedMicros == 0) {
                firstAppliedMicros = now;
            }
            lastAppliedMicros = now;
        }
        batchRedisNanos = 0;
        applied.addAndGet(batch.events());
    }

    @Override
    public void broadcastPublished(Batch batch, long elapsedNanos) {
        if (batchMeasured) {
            broadcastAck.add(elapsedNanos / 1_000);
        }
    }

    /** Change events applied so far, warm-up included. */
    long applied() {
        return applied.get();
    }

    Samples commitToApplied() {
        return commitToApplied;
    }

    /** The commit time of each measured event, in the order of {@link #commitToApplied()}. */
    Samples measuredCommits() {
        return measuredCommits;
    }

    Samples appendToApplied() {
        return appendToApplied;
    }

    Samples broadcastAck() {
        return broadcastAck;
    }

    Samples redisApply() {
        return redisApply;
    }

    Samples batchEvents() {
        return batchEvents;
    }

    /** Events measured per second, from the first measured batch applied to the last. */
    double appliedRate() {
        double seconds = (lastAppliedMicros - firstAppliedMicros) / 1e6;
        return seconds <= 0 ? 0 : commitToApplied.size() / seconds;
    }

    /** A growable array of longs, for one thread. */
    static final class Samples {
        private long[] values = new long[1024];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int size() {
            return size;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
