package dev.invalidator.schemas.golden;

import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.Header;
import io.debezium.engine.format.Json;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One embedded Debezium engine with JSON key, value and header converters, collecting every record it hands over in
 * order, exactly as the converters wrote them.
 */
final class EngineRun implements AutoCloseable {

    private final String name;
    private final DebeziumEngine<ChangeEvent<String, String>> engine;
    private final ExecutorService executor;
    private final List<GoldenRecord> records = new ArrayList<>();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private volatile boolean finished;

    EngineRun(String name, Properties config) {
        this.name = name;
        this.engine = DebeziumEngine.create(Json.class, Json.class, Json.class)
                .using(config)
                .notifying(this::handleBatch)
                .using((success, message, error) -> {
                    if (!success) {
                        failure.compareAndSet(null, message + (error == null ? "" : ": " + error));
                    }
                    finished = true;
                })
                .build();
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "golden-engine-" + name);
            t.setDaemon(true);
            return t;
        });
        executor.execute(engine);
    }

    private void handleBatch(List<ChangeEvent<String, String>> batch,
                             DebeziumEngine.RecordCommitter<ChangeEvent<String, String>> committer)
            throws InterruptedException {
        for (ChangeEvent<String, String> event : batch) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header<Object> header : event.<Object>headers()) {
                Object v = header.getValue();
                headers.put(header.getKey(), v == null ? null : v.toString());
            }
            synchronized (records) {
                records.add(new GoldenRecord(event.destination(), event.partition() == null ? 0 : event.partition(),
                        records.size(), event.key(), event.value(), headers));
                records.notifyAll();
            }
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
    }

    /** Throws when the engine stopped with an error, naming it. */
    void checkAlive() {
        String f = failure.get();
        if (f != null) {
            throw new IllegalStateException(name + ": engine failed: " + f);
        }
        if (finished) {
            throw new IllegalStateException(name + ": engine stopped unexpectedly");
        }
    }

    /**
     * Waits until {@code count} records have arrived, then waits {@code settle} more to see that no more come.
     *
     * @return exactly the records received
     */
    List<GoldenRecord> await(int count, Duration timeout, Duration settle) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (records) {
            while (records.size() < count) {
                checkAlive();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException(name + ": expected " + count + " records within " + timeout
                            + ", got " + records.size() + ":\n" + describe(records));
                }
                records.wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 100));
            }
        }
        Thread.sleep(settle.toMillis());
        synchronized (records) {
            if (records.size() != count) {
                throw new IllegalStateException(name + ": expected " + count + " records, got " + records.size()
                        + ":\n" + describe(records));
            }
            return List.copyOf(records);
        }
    }

    private static String describe(List<GoldenRecord> records) {
        StringBuilder sb = new StringBuilder();
        for (GoldenRecord r : records) {
            sb.append("  ").append(r.topic()).append(" key=").append(r.key()).append(" value=")
                    .append(r.value() == null ? "null" : abbreviate(r.value())).append('\n');
        }
        return sb.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }

    @Override
    public void close() throws Exception {
        try {
            engine.close();
        } finally {
            executor.shutdown();
            if (!executor.awaitTermination(60, TimeUnit.SECONDS)) {
                executor.shutdownNow();
                throw new IllegalStateException(name + ": engine did not stop within 60 s");
            }
        }
    }
}
