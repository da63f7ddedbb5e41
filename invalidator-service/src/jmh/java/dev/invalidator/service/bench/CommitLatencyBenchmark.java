package dev.invalidator.service.bench;

import dev.invalidator.client.broadcast.BroadcastFollower;
import dev.invalidator.service.capture.Capture;
import dev.invalidator.service.config.ServiceConfig;
import dev.invalidator.service.embedded.kafka.EmbeddedKafka;
import dev.invalidator.service.redis.RedisEndpoint;
import dev.invalidator.service.run.InvalidatorService;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Commit-to-Redis latency through real capture: a writer updates rows of an embedded PostgreSQL (logical WAL) at a
 * steady rate in transactions of N rows; the service runs as {@code invalidator run} does with a capture source
 * (Debezium's embedded engine writing to Kafka, and the pipeline, in one process) against an embedded Kafka broker and
 * the local Redis; a {@code BroadcastFollower} follows its broadcast as an application node would, and a second one
 * feeds a {@code NearCache} that holds each row's entry before its commit. After the warm-up, per row: commit to
 * Kafka append (the capture stage alone), Kafka append to Redis applied, commit to Redis applied, commit to broadcast
 * received, commit to near-cache entry evicted, broadcast published to near-cache entry evicted. Options are system
 * properties ({@link CommitLatencyOptions}); README "Benchmarks" has the command.
 */
public final class CommitLatencyBenchmark {

    static final long P99_TARGET_MICROS = 40_000;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private CommitLatencyBenchmark() {
    }

    public static void main(String[] args) {
        int status;
        try {
            CommitLatencyReport report = run(CommitLatencyOptions.from(System.getProperties()),
                    BenchNames.random().run(), System.out);
            System.out.println();
            System.out.print(report.render());
            status = 0;
        } catch (IllegalArgumentException e) {
            System.err.println("latency benchmark: " + e.getMessage());
            status = 2;
        } catch (Exception e) {
            System.err.println("latency benchmark failed: " + e.getMessage());
            e.printStackTrace();
            status = 1;
        }
        // Kafka's, Debezium's and Jedis's pools may hold non-daemon threads a moment longer; the run is over.
        System.exit(status);
    }

    static CommitLatencyReport run(CommitLatencyOptions options, String run, PrintStream out) throws Exception {
        requireRedis(options.redis());
        String name = "latbench-" + run;
        out.printf("latency benchmark %s: %,d rows/s in transactions of %d, warm-up %d s, measured %d s, Redis %s%n",
                run, options.rate(), options.txRows(), options.warmup().toSeconds(), options.measured().toSeconds(),
                options.redis());
        Path rules = Files.createTempDirectory("invalidator-latency-rules-");
        out.println("starting an embedded Kafka broker and an embedded PostgreSQL");
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().start();
             BenchPostgres postgres = BenchPostgres.start(options.tableRows());
             BenchTopics topics = BenchTopics.connect(kafka.bootstrapServers())) {
            String changeTopic = name + "." + BenchPostgres.SCHEMA + "." + BenchPostgres.TABLE;
            // Stamped with the broker's append time: the capture stage is measured up to it.
            topics.create(changeTopic, options.partitions());
            topics.create(name + ".broadcast", 1);
            topics.create(name + ".requests", 1);
            topics.create(name + ".dead-letters", 1);
            String keyPrefix = name + ":";
            writeRules(rules, name, keyPrefix);
            ServiceConfig config = ServiceConfig.parse("latency-bench.yaml",
                    configYaml(options, name, rules, kafka.bootstrapServers(), postgres.port()), Map.of());
            try {
                return measure(options, config, name, changeTopic, keyPrefix, kafka.bootstrapServers(), postgres,
                        out);
            } finally {
                removeRedisKeys(options.redis(), name + "-inv:");
            }
        } finally {
            try (Stream<Path> files = Files.walk(rules)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static CommitLatencyReport measure(CommitLatencyOptions options, ServiceConfig config, String name,
                                               String changeTopic, String keyPrefix, String bootstrap,
                                               BenchPostgres postgres, PrintStream out) throws Exception {
        long writes = options.totalRows();
        AppliedClock applied = new AppliedClock();
        BroadcastClock broadcasts = new BroadcastClock(keyPrefix, writes);
        NearCacheClock near = new NearCacheClock(keyPrefix, options.tableRows(), writes);
        try (ChangeTap tap = ChangeTap.start(bootstrap, changeTopic, options.partitions(), writes)) {
            Capture capture = Capture.start(config, () -> { }); // a failed source shows in check below
            try (InvalidatorService service = InvalidatorService.start(config, applied);
                 BroadcastFollower follower = BroadcastFollower.kafka(bootstrap, name + ".broadcast")
                         .start(broadcasts);
                 // A follower of its own, as on an application node, so that the near-cache's work stays off the
                 // thread that times "broadcast received".
                 BroadcastFollower nearFollower = BroadcastFollower.kafka(bootstrap, name + ".broadcast")
                         .start(near)) {
                Runnable check = () -> {
                    tap.check();
                    if (!capture.live()) {
                        throw new IllegalStateException("capture stopped: " + capture.failure().orElse("?"));
                    }
                    if (!service.live()) {
                        throw new IllegalStateException("the service's pipeline stopped on an error; see its log");
                    }
                };
                postgres.awaitStreaming("invalidator_" + name.replace('-', '_'), START_TIMEOUT);
                int probes = probe(postgres, () -> broadcasts.probes() > 0 && near.probes() > 0, check);
                out.printf("capture streams and the follower hears the service, the near-cache's too (%d probe "
                        + "writes); writing%n", probes);

                long startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
                long startMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()) + 200_000;
                long measureFrom = startMicros + options.warmup().toNanos() / 1_000;
                applied.measureFrom(measureFrom);
                SteadyWriter writer = new SteadyWriter(postgres, options.rate(), options.txRows(),
                        options.tableRows(), writes, startNanos, startMicros, near::fill);
                String loadAtStart = loadAverage();
                Thread writing = new Thread(writer, "bench-writer");
                writing.start();
                long lastReport = System.nanoTime();
                while (!writer.done()) {
                    writing.join(200);
                    check.run();
                    if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(5)) {
                        lastReport = System.nanoTime();
                        out.printf("  written %,d / %,d, in Kafka %,d, applied %,d, broadcast received %,d, "
                                + "near-cache evicted %,d%n", writer.rowsWritten(), writes, tap.commits().known(),
                                applied.applied() - probes, broadcasts.received().known(), near.evicted().known());
                    }
                }
                if (writer.failure() != null) {
                    throw new IllegalStateException("the writer failed: " + writer.failure().getMessage(),
                            writer.failure());
                }
                long written = writer.rowsWritten();
                awaitAll("in Kafka", () -> tap.commits().known(), written, check);
                awaitAll("applied", () -> applied.applied() - probes, written, check);
                awaitAll("broadcast received", () -> broadcasts.received().known(), written, check);
                awaitAll("near-cache evicted", () -> near.evicted().known(), written, check);
                out.printf("  written %,d, in Kafka %,d, applied %,d, broadcast received %,d, near-cache evicted %,d:"
                        + " done%n", written, tap.commits().known(), applied.applied() - probes,
                        broadcasts.received().known(), near.evicted().known());
                if (broadcasts.missed() > 0) {
                    out.printf("WARNING: the follower reported %d possibly missed broadcasts (last: %s)%n",
                            broadcasts.missed(), broadcasts.lastMiss());
                }
                if (near.otherEvictions() > 0) {
                    out.printf("WARNING: %d near-cache entries left for another cause than their key's broadcast%n",
                            near.otherEvictions());
                }
                dump(written, tap, broadcasts, near, out);
                String load = "load average (1 min) " + loadAtStart + " at the start, " + loadAverage() + " at the end";
                return CommitLatencyReport.of(options, writer, written, measureFrom, tap, applied, broadcasts, near,
                        load);
            } finally {
                capture.close();
            }
        }
    }

    /**
     * With {@code -Dbench.dump=FILE}: per write, its commit, Kafka append, broadcast received and near-cache eviction
     * times (µs), as CSV.
     */
    private static void dump(long written, ChangeTap tap, BroadcastClock broadcasts, NearCacheClock near,
                             PrintStream out) throws IOException {
        String file = System.getProperty("bench.dump", "");
        if (file.isBlank()) {
            return;
        }
        StringBuilder csv = new StringBuilder("seq,commit_us,append_us,broadcast_us,near_evicted_us\n");
        for (int seq = 0; seq < written; seq++) {
            csv.append(seq).append(',').append(tap.commits().get(seq)).append(',').append(tap.appends().get(seq))
                    .append(',').append(broadcasts.received().get(seq)).append(',').append(near.evicted().get(seq))
                    .append('\n');
        }
        Files.writeString(Path.of(file), csv);
        out.println("per-write times written to " + file);
    }

    /**
     * Updates a row with a negative sequence number until both followers have its broadcast: every part of the chain
     * is up.
     */
    private static int probe(BenchPostgres postgres, BooleanSupplier heard, Runnable check)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        int probes = 0;
        try (Connection db = postgres.connect();
             PreparedStatement update = db.prepareStatement("UPDATE " + BenchPostgres.qualifiedTable()
                     + " SET seq = ? WHERE id = 0")) {
            while (!heard.getAsBoolean()) {
                check.run();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no broadcast reached both followers within " + START_TIMEOUT
                            + " of the first probe write");
                }
                update.setLong(1, -1 - probes);
                update.executeUpdate();
                probes++;
                for (int i = 0; i < 25 && !heard.getAsBoolean(); i++) {
                    Thread.sleep(20);
                }
            }
        }
        return probes;
    }

    private static void awaitAll(String what, LongSupplier done, long expected, Runnable check)
            throws InterruptedException {
        StallGuard stall = new StallGuard(what);
        while (done.getAsLong() < expected) {
            check.run();
            stall.check(done.getAsLong(), expected);
            Thread.sleep(50);
        }
    }

    /** The machine's 1-minute load average, which says how much else competed for the cores; "?" off Linux. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static void requireRedis(RedisEndpoint redis) {
        try (Jedis jedis = new Jedis(redis.host(), redis.port(), 2_000)) {
            jedis.ping();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("no Redis answers at " + redis + " (" + e.getMessage()
                    + "): start one (redis-server) or point " + CommitLatencyOptions.REDIS + " at one");
        }
    }

    /** One rule: the row's key, carrying the write's sequence number so each broadcast names the write it is for. */
    private static void writeRules(Path directory, String name, String keyPrefix) {
        try {
            Files.writeString(directory.resolve("bench.yaml"), """
                    version: 1
                    rules:
                      - name: bench-item
                        table: %s.%s
                        on: [update]
                        invalidate:
                          keys: ["%sitem:{id}:{seq}"]
                    """.formatted(name, BenchPostgres.qualifiedTable(), keyPrefix));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the benchmark's rules to " + directory, e);
        }
    }

    /** The service as {@code invalidator run} would be configured with one PostgreSQL capture source. */
    static String configYaml(CommitLatencyOptions options, String name, Path rules, String bootstrap,
                             int postgresPort) {
        StringBuilder yaml = new StringBuilder("""
                rules:
                  directory: %s
                kafka:
                  bootstrap.servers: %s
                  group.id: %s
                  requests.topic: %s.requests
                  dead-letter.topic: %s.dead-letters
                  broadcast.topic: %s.broadcast
                broadcast:
                  publisher-id: %s
                redis:
                  host: %s
                  port: %d
                  namespace: "%s-inv:"
                http:
                  port: 0
                capture:
                  sources:
                    %s:
                      connector: postgresql
                      properties:
                        database.hostname: 127.0.0.1
                        database.port: %d
                        database.user: postgres
                        database.password: postgres
                        database.dbname: postgres
                        topic.prefix: %s
                        table.include.list: %s
                        offset.storage.topic: %s.capture-offsets
                        snapshot.mode: no_data
                        slot.drop.on.stop: true
                """.formatted(rules, bootstrap, name, name, name, name, name, options.redis().host(),
                options.redis().port(), name, name, postgresPort, name, BenchPostgres.qualifiedTable(), name));
        options.capture().forEach((key, value) -> yaml.append("        ").append(key).append(": \"")
                .append(value).append("\"\n"));
        if (!options.serviceClient().isEmpty()) {
            yaml.append("kafka.client:\n");
            options.serviceClient().forEach((key, value) -> yaml.append("  ").append(key).append(": \"")
                    .append(value).append("\"\n"));
        }
        return yaml.toString();
    }

    private static void removeRedisKeys(RedisEndpoint redis, String prefix) {
        try (Jedis jedis = new Jedis(redis.host(), redis.port(), 2_000)) {
            String cursor = ScanParams.SCAN_POINTER_START;
            ScanParams match = new ScanParams().match(prefix + "*").count(1_000);
            do {
                ScanResult<String> page = jedis.scan(cursor, match);
                if (!page.getResult().isEmpty()) {
                    jedis.unlink(page.getResult().toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
    }
}
