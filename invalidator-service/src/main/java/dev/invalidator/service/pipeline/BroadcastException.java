package dev.invalidator.service.pipeline;

import dev.invalidator.schemas.broadcast.BroadcastPosition;

/** A broadcast was not acknowledged by Kafka; the batch it announces must not be committed. */
public class BroadcastException extends RuntimeException {

    public BroadcastException(BroadcastPosition position, String topic, Throwable cause) {
        super("broadcast " + position + " to " + topic + " was not acknowledged: " + cause.getMessage(), cause);
    }
}
