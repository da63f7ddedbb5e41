package dev.invalidator.service.pipeline;

import dev.invalidator.schemas.broadcast.BroadcastPosition;

/** A broadcast was not acknowledged (by Kafka, or published by Redis); the batch it announces must not be committed. */
public class BroadcastException extends RuntimeException {

    public BroadcastException(BroadcastPosition position, String destination, Throwable cause) {
        super("broadcast " + position + " to " + destination + " was not acknowledged: " + cause.getMessage(), cause);
    }
}
