package dev.invalidator.service.pipeline;

import dev.invalidator.schemas.broadcast.InvalidationBroadcast;
import java.util.List;

/** Where broadcasts go: a Kafka topic or a Redis Pub/Sub channel. Used by one thread. */
interface BroadcastSink extends AutoCloseable {

    /**
     * Sends the broadcasts in order and returns once every one was accepted (acknowledged by Kafka, published by
     * Redis).
     *
     * @throws BroadcastException naming the first broadcast that was not accepted
     */
    void send(List<InvalidationBroadcast> broadcasts) throws InterruptedException;

    /**
     * Sends a broadcast nobody needs to wait for, a heartbeat: a failure is logged, and a subscriber notices the
     * missing position like any other gap.
     */
    void sendWithoutWaiting(InvalidationBroadcast broadcast);

    /** The topic or channel, for messages. */
    String destination();

    @Override
    void close();
}
