package dev.invalidator.service.bench;

import dev.invalidator.service.pipeline.BatchPlanner;
import dev.invalidator.service.pipeline.BroadcastPublisher;
import dev.invalidator.service.pipeline.DeadLetterPublisher;
import dev.invalidator.service.redis.RedisApplier;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Where the pipeline's thread spends its wall-clock time: its stack sampled at a fixed interval, each sample put in
 * the step of the loop it was in (the outermost call of a known step wins), waiting included, since the pipeline
 * mostly waits on Kafka and Redis; and how much of that time the thread was on a CPU.
 */
final class PipelineSampler implements AutoCloseable {

    static final String OTHER = "other";

    /** The loop's steps, in the order a batch goes through them, by the public method that performs each. */
    private static final List<Step> STEPS = List.of(
            new Step("poll", KafkaConsumer.class.getName(), "poll"),
            new Step("planning", BatchPlanner.class.getName(), "plan"),
            new Step("dead letters", DeadLetterPublisher.class.getName(), "publish"),
            new Step("Redis", RedisApplier.class.getName(), "apply"),
            new Step("broadcast + ack", BroadcastPublisher.class.getName(), "publish"),
            new Step("commit", KafkaConsumer.class.getName(), "commitSync"));

    private final Thread sampled;
    private final long intervalNanos;
    private final Thread sampler;
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long startCpuNanos;
    private final long startNanos = System.nanoTime();
    private volatile boolean stopping;

    private PipelineSampler(Thread sampled, Duration interval) {
        this.sampled = sampled;
        this.intervalNanos = interval.toNanos();
        for (Step step : STEPS) {
            counts.put(step.name(), 0L);
        }
        counts.put(OTHER, 0L);
        this.sampler = new Thread(this::sample, "bench-sampler-" + sampled.getName());
        this.sampler.setDaemon(true);
        this.startCpuNanos = cpuNanos();
    }

    /** Samples {@code pipeline} every {@code interval} until closed. */
    static PipelineSampler start(Thread pipeline, Duration interval) {
        PipelineSampler sampler = new PipelineSampler(pipeline, interval);
        sampler.sampler.start();
        return sampler;
    }

    /** The step a stack is in: the outermost frame that performs a known step, else {@link #OTHER}. */
    static String stepOf(StackTraceElement[] stack) {
        for (int i = stack.length - 1; i >= 0; i--) {
            for (Step step : STEPS) {
                if (step.className().equals(stack[i].getClassName())
                        && step.method().equals(stack[i].getMethodName())) {
                    return step.name();
                }
            }
        }
        return OTHER;
    }

    private void sample() {
        long next = System.nanoTime();
        while (!stopping && sampled.isAlive()) {
            StackTraceElement[] stack = sampled.getStackTrace();
            if (stack.length > 0) {
                synchronized (counts) {
                    counts.merge(stepOf(stack), 1L, Long::sum);
                }
            }
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            } else {
                next = System.nanoTime();
            }
        }
    }

    /** Stops sampling and returns the samples taken, by step, with the thread's CPU time meanwhile. */
    TimeShares stop() {
        long cpu = cpuNanos() - startCpuNanos;
        long wall = System.nanoTime() - startNanos;
        close();
        synchronized (counts) {
            return new TimeShares(counts, cpu, wall);
        }
    }

    /** The sampled thread's CPU time so far; 0 where the JVM does not measure it or the thread has ended. */
    private long cpuNanos() {
        long cpu = threads.isThreadCpuTimeSupported() ? threads.getThreadCpuTime(sampled.getId()) : -1;
        return Math.max(0, cpu);
    }

    @Override
    public void close() {
        stopping = true;
        sampler.interrupt();
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Step(String name, String className, String method) {
    }
}
