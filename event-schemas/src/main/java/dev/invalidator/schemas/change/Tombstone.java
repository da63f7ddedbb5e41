package dev.invalidator.schemas.change;

/**
 * A record with a key and a null value, which Debezium writes after a delete so that log compaction can drop the
 * row's key. It carries no change of its own.
 *
 * @param key the key of the deleted row; null when the record key was null too
 */
public record Tombstone(RowImage key, RecordCoordinates coordinates) implements ReadResult {
}
