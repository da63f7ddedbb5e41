package dev.invalidator.service.embedded.kafka;

import java.nio.file.Path;

/**
 * A parent JVM for {@link EmbeddedKafkaIT}: starts a broker, prints {@code READY <broker pid> <data directory>}, then
 * waits to be terminated or killed. Argument: the data directory to keep, or none for a temporary one.
 */
public final class BrokerParentMain {

    private BrokerParentMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedKafka.Builder builder = EmbeddedKafka.builder();
        if (args.length > 0) {
            builder.dataDirectory(Path.of(args[0]));
        }
        EmbeddedKafka kafka = builder.start();
        System.out.println("READY " + kafka.process().pid() + " " + kafka.dataDirectory());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
