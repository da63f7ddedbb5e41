package dev.invalidator.service.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs the per-record part of planning (reading the event and planning it by the rules, which share no state between
 * records) on several threads: the pipeline's own and {@code threads - 1} of this pool. Reading a change event's JSON
 * is most of a pipeline's CPU time, and while one thread plans, the machine's other cores mostly idle. Small batches
 * stay on the calling thread: handing them over costs more than it saves, and they are the latency-sensitive ones.
 * What the records yield is combined afterwards, in record order, on the calling thread, so the batch is the same
 * whatever the number of threads. One thing can differ: the rules engine learns a table's replica identity from its
 * events, and an event may be planned before a lesson from an earlier event of its batch, just as it would have been
 * had it come first; declared identities (capture checks them at start) are not learned and do not differ.
 */
final class PlanningThreads implements AutoCloseable {

    /** Fewer records than this are planned on the calling thread alone. */
    static final int PARALLEL_FROM = 256;

    private final int threads;
    private final ExecutorService pool;

    /** @param threads how many threads plan one batch, the caller's included; 1 plans on the caller alone */
    PlanningThreads(int threads, String name) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        this.threads = threads;
        if (threads == 1) {
            this.pool = null;
        } else {
            AtomicInteger count = new AtomicInteger();
            this.pool = Executors.newFixedThreadPool(threads - 1, runnable -> {
                Thread thread = new Thread(runnable, name + "-planner-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }
    }

    /**
     * Calls {@code task} once for every index below {@code count}, split into contiguous slices over the threads;
     * returns when all are done. A task's exception is rethrown here.
     */
    void forEach(int count, IntConsumer task) throws InterruptedException {
        if (pool == null || count < PARALLEL_FROM) {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
            return;
        }
        int slice = (count + threads - 1) / threads;
        List<Future<?>> others = new ArrayList<>(threads - 1);
        for (int from = slice; from < count; from += slice) {
            int start = from;
            int end = Math.min(count, from + slice);
            others.add(pool.submit(() -> {
                for (int i = start; i < end; i++) {
                    task.accept(i);
                }
            }));
        }
        RuntimeException failure = null;
        try {
            for (int i = 0; i < Math.min(count, slice); i++) {
                task.accept(i);
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        // Every slice is waited for, also after a failure, so that no thread still works on the batch on return.
        for (Future<?> other : others) {
            try {
                other.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException runtime ? runtime
                            : new IllegalStateException("planning failed: " + e.getCause(), e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
