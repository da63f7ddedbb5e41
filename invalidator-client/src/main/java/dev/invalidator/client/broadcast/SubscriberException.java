package dev.invalidator.client.broadcast;

/**
 * The subscriber threw while applying a broadcast or repairing. The follower cannot skip the message (that would
 * drop an invalidation silently), so it stops and reports itself out of sync.
 */
final class SubscriberException extends RuntimeException {

    SubscriberException(String message, Throwable cause) {
        super(message, cause);
    }
}
