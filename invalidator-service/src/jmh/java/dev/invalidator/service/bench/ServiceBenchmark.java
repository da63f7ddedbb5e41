package dev.invalidator.service.bench;

import dev.invalidator.rules.engine.RuleEngine;
import dev.invalidator.rules.engine.RuleSetLoader;
import dev.invalidator.rules.file.RuleProblem;
import dev.invalidator.service.embedded.kafka.EmbeddedKafka;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The service's throughput and latency benchmark: a program, not a JMH benchmark, since it measures a system of
 * several processes. In one run it produces N Debezium update events over the partitions of a change topic and
 * measures, one after the other:
 *
 * <ol>
 *   <li>raw Kafka consume: one plain consumer reading every record as bytes, the ceiling;</li>
 *   <li>the service: the real {@code InvalidationPipeline}, broadcasting to Kafka, until the last record is
 *       applied, and how many of the N cache keys it removed from Redis;</li>
 *   <li>the naive baseline: parse with Jackson, one synchronous {@code DEL} per event, commit per poll;</li>
 *   <li>added latency: events produced at half the service's measured rate while a fresh pipeline runs, each from
 *       its Kafka append time to applied.</li>
 * </ol>
 *
 * Every phase first runs once over a smaller topic to warm the JIT, unless {@code bench.warmupEvents=0}. Options are
 * system properties ({@link BenchOptions}); README "Benchmarks" has the command. Progress goes to standard output,
 * then the report table; the run's topics and Redis keys are removed at the end.
 */
public final class ServiceBenchmark {

    private ServiceBenchmark() {
    }

    public static void main(String[] args) {
        int status;
        try {
            BenchReport report = run(BenchOptions.from(System.getProperties()), BenchNames.random(), System.out);
            System.out.println();
            System.out.print(ReportTable.render(report));
            status = 0;
        } catch (IllegalArgumentException e) {
            System.err.println("service benchmark: " + e.getMessage());
            status = 2;
        } catch (Exception e) {
            System.err.println("service benchmark failed: " + e.getMessage());
            e.printStackTrace();
            status = 1;
        }
        // Kafka's and Jedis's pools may hold non-daemon threads a moment longer; the run is over either way.
        System.exit(status);
    }

    /** Runs every phase and returns what they measured; removes the run's topics and keys, stops what it started. */
    static BenchReport run(BenchOptions options, BenchNames names, PrintStream out) throws InterruptedException {
        ChangeEvents events = ChangeEvents.fromGolden(options.golden());
        out.printf("service benchmark %s: %,d events over %d partitions, %s, Redis %s%s%n", names.run(),
                options.events(), options.partitions(), options.warm()
                        ? String.format(Locale.ROOT, "warm-up %,d events", options.warmupEvents()) : "cold (no warm-up)",
                options.redis(), serviceClient(options));
        Path rulesDirectory = createTempDirectory();
        EmbeddedKafka kafka = null;
        try {
            String bootstrap;
            if (options.bootstrapServers().isPresent()) {
                bootstrap = options.bootstrapServers().get();
            } else {
                out.println("starting an embedded Kafka broker");
                kafka = EmbeddedKafka.builder().start();
                bootstrap = kafka.bootstrapServers();
            }
            BenchEnvironment env = new BenchEnvironment(bootstrap, options.redis(), names,
                    loadRules(rulesDirectory, names, events), options.serviceClient());
            try (BenchTopics topics = BenchTopics.connect(bootstrap);
                 CacheKeys keys = new CacheKeys(options.redis(), names)) {
                try {
                    return measure(env, options, topics, keys, events, kafka != null, out);
                } finally {
                    keys.removeAll();
                }
            }
        } finally {
            if (kafka != null) {
                kafka.close();
            }
            deleteRules(rulesDirectory);
        }
    }

    private static BenchReport measure(BenchEnvironment env, BenchOptions options, BenchTopics topics, CacheKeys keys,
                                       ChangeEvents events, boolean embedded, PrintStream out)
            throws InterruptedException {
        BenchNames names = env.names();
        int partitions = options.partitions();
        topics.create(names.deadLetterTopic(), 1);
        topics.create(names.requestsTopic(), 1);
        topics.create(names.broadcastTopic(), 1);
        if (options.warm()) {
            String warmup = names.changeTopic("warmup");
            topics.create(warmup, partitions);
            out.printf("warm-up: %,d events through each phase, not measured%n", options.warmupEvents());
            produce(env, events, warmup, partitions, options.warmupEvents(), out);
            RawConsumePhase.run(env, warmup, "raw-" + warmup, options.warmupEvents(), out);
            ServicePhase.run(env, warmup, partitions, options.warmupEvents(), keys, out);
            NaiveDeletePhase.run(env, warmup, options.warmupEvents(), keys, out);
        }
        String measured = names.changeTopic("measured");
        topics.create(measured, partitions);
        out.printf("measuring: %,d events%n", options.events());
        produce(env, events, measured, partitions, options.events(), out);
        PhaseResult raw = RawConsumePhase.run(env, measured, "raw-" + measured, options.events(), out);
        ServicePhase.Result service = ServicePhase.run(env, measured, partitions, options.events(), keys, out);
        PhaseResult naive = NaiveDeletePhase.run(env, measured, options.events(), keys, out);
        String latencyTopic = names.changeTopic("latency");
        topics.create(latencyTopic, partitions);
        boolean halfRate = options.latencyRate() == 0;
        double latencyRate = halfRate ? service.throughput().perSecond() / 2 : options.latencyRate();
        LatencyResult latency = LatencyPhase.run(env, latencyTopic, partitions, latencyRate, halfRate,
                options.latencyDuration(), keys, events, out);
        String setting = String.format(Locale.ROOT, "%,d events of %,d bytes (a golden PostgreSQL update, one key per"
                        + " event) over %d partitions; %s; Kafka %s; Redis %s%s; %d cores",
                options.events(), events.value(options.events() - 1L).length, partitions,
                options.warm() ? "JIT warmed by " + String.format(Locale.ROOT, "%,d", options.warmupEvents())
                        + " events per phase" : "cold JVM",
                embedded ? "embedded (child JVM)" : env.bootstrapServers(), options.redis(), serviceClient(options),
                Runtime.getRuntime().availableProcessors());
        return new BenchReport(setting, raw, service.throughput(), service.profile(), naive, latency);
    }

    private static String serviceClient(BenchOptions options) {
        return options.serviceClient().isEmpty() ? "" : "; service's Kafka clients " + options.serviceClient();
    }

    private static void produce(BenchEnvironment env, ChangeEvents events, String topic, int partitions, int count,
                                PrintStream out) {
        try (EventProducer producer = EventProducer.bulk(env.bootstrapServers(), events)) {
            producer.produce(topic, partitions, 0, count, new Progress(out, "produced to " + topic, count));
        }
    }

    /** One rule, as a cache-aside application would write it: the row's key, removed on every change of the row. */
    private static RuleEngine loadRules(Path directory, BenchNames names, ChangeEvents events) {
        try {
            Files.writeString(directory.resolve("bench.yaml"), """
                    version: 1
                    rules:
                      - name: bench-row
                        table: %s
                        invalidate:
                          keys: ["%s"]
                    """.formatted(events.table(), names.keyPrefix() + "customer:{id}"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the benchmark's rules to " + directory, e);
        }
        RuleSetLoader.Loaded loaded = new RuleSetLoader().load(directory);
        Optional<RuleEngine> engine = loaded.engine();
        if (loaded.hasErrors() || engine.isEmpty()) {
            throw new IllegalStateException("the benchmark's rules do not load: " + loaded.problems().stream()
                    .map(RuleProblem::toString).collect(Collectors.joining("; ")));
        }
        return engine.get();
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("invalidator-bench-rules-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the benchmark's rules", e);
        }
    }

    private static void deleteRules(Path directory) {
        try {
            Files.deleteIfExists(directory.resolve("bench.yaml"));
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the benchmark's rules in " + directory, e);
        }
    }
}
