package dev.invalidator.service.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** The ceiling: one plain consumer reading every record as bytes and doing nothing with them. */
final class RawConsumePhase {

    static final String NAME = "raw Kafka consume";

    private RawConsumePhase() {
    }

    static PhaseResult run(BenchEnvironment env, String topic, String consumerName, int expected, PrintStream out) {
        Progress progress = new Progress(out, NAME + " " + topic, expected);
        StallGuard stall = new StallGuard(NAME + " of " + topic);
        long start = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = Consumers.create(env.bootstrapServers(),
                env.names().group(consumerName))) {
            consumer.subscribe(List.of(topic));
            long read = 0;
            while (read < expected) {
                read += consumer.poll(Duration.ofMillis(100)).count();
                progress.update(read);
                stall.check(read, expected);
            }
            long end = System.nanoTime();
            progress.done(read);
            return PhaseResult.measured(NAME, read, start, end, OptionalLong.empty());
        }
    }
}
