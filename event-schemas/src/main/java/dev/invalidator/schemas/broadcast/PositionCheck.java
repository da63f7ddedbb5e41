package dev.invalidator.schemas.broadcast;

import java.util.Objects;

/**
 * Compares a broadcast's position with the last position a subscriber saw from the same publisher. Pure: the
 * subscriber keeps the last position per publisher and asks this class about each new message; both the client's
 * gap detector and the service's tests use it, so they cannot disagree about what a gap is.
 */
public final class PositionCheck {

    private PositionCheck() {
    }

    /**
     * @param lastSeen the last position this subscriber remembered from {@code next}'s publisher, or null when it has
     *                 seen none
     * @param next     the position of the message just received
     * @throws IllegalArgumentException when the two positions belong to different publishers
     */
    public static Continuity classify(BroadcastPosition lastSeen, BroadcastPosition next) {
        Objects.requireNonNull(next, "next");
        if (lastSeen == null) {
            return new Continuity.FirstContact(next.sequence() - BroadcastPosition.FIRST_SEQUENCE);
        }
        if (!lastSeen.publisherId().equals(next.publisherId())) {
            throw new IllegalArgumentException("positions of different publishers: " + lastSeen + " and " + next);
        }
        if (next.epoch() > lastSeen.epoch()) {
            return new Continuity.NewEpoch(lastSeen.epoch(), next.sequence() - BroadcastPosition.FIRST_SEQUENCE);
        }
        if (next.epoch() < lastSeen.epoch()) {
            return new Continuity.StaleEpoch();
        }
        if (next.sequence() <= lastSeen.sequence()) {
            return new Continuity.Duplicate();
        }
        long missed = next.sequence() - lastSeen.sequence() - 1;
        return missed == 0 ? new Continuity.InOrder() : new Continuity.Gap(missed);
    }
}
