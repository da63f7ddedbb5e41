package dev.invalidator.service.rules;

import dev.invalidator.schemas.change.RecordCoordinates;

/**
 * One change event to plan, as given by a person (an event file, an HTTP request) rather than read from Kafka.
 *
 * @param origin      where it came from, for messages: {@code file:line}, or {@code request body}
 * @param topic       the record's topic, or null when only the value was given
 * @param key         key bytes, or null
 * @param value       value bytes, or null for a tombstone
 * @param coordinates where the record says it came from, or null
 * @param unreadable  why the input is not an event at all, or null
 */
public record EventInput(String origin, String topic, byte[] key, byte[] value, RecordCoordinates coordinates,
                         String unreadable) {

    /** Input that is not an event at all, with the reason. */
    public static EventInput unreadable(String origin, String reason) {
        return new EventInput(origin, null, null, null, null, reason);
    }
}
