package dev.invalidator.service.bench;

import java.util.UUID;

/**
 * Every name one benchmark run uses in Kafka and Redis, all carrying the run's id, so that runs never meet each
 * other's data and the run can remove exactly what it made.
 */
record BenchNames(String run) {

    static BenchNames random() {
        return new BenchNames(UUID.randomUUID().toString().substring(0, 8));
    }

    /** The prefix of every cache key the run sets. */
    String keyPrefix() {
        return "bench-" + run + ":";
    }

    /** The cache key the rules derive from row {@code id}. */
    String cacheKey(long id) {
        return keyPrefix() + "customer:" + id;
    }

    /** The service's own Redis namespace (leases, tags, epochs). */
    String namespace() {
        return "bench-inv-" + run + ":";
    }

    /** A change topic of the run; {@code phase} tells the warm-up, measured and latency topics apart. */
    String changeTopic(String phase) {
        return "bench-" + run + "." + phase + ".customers";
    }

    String deadLetterTopic() {
        return "bench-" + run + "-dead-letters";
    }

    String requestsTopic() {
        return "bench-" + run + "-requests";
    }

    String broadcastTopic() {
        return "bench-" + run + "-broadcast";
    }

    /** A consumer group of its own for each consumer, so that each reads its topic from the start. */
    String group(String consumer) {
        return "bench-" + run + "-" + consumer;
    }
}
