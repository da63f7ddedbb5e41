package dev.invalidator.schemas.change;

/**
 * What {@link ChangeEventReader} made of one Kafka record: a row change, a tombstone, a transaction marker, or an
 * error saying what is wrong with the record. Malformed input is a {@link ReadError}, never an exception.
 */
public sealed interface ReadResult permits ChangeEvent, Tombstone, TransactionMarker, ReadError {

    /** Where the record came from, or null when the caller did not say. */
    RecordCoordinates coordinates();
}
