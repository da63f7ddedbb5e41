package dev.invalidator.schemas.change;

/**
 * The {@code transaction} block of a change event, present when the connector emits transaction metadata.
 *
 * @param id                   the transaction id
 * @param totalOrder           position of this event among all events of the transaction (from 1)
 * @param dataCollectionOrder  position among the transaction's events for this table (from 1)
 */
public record TransactionRef(String id, long totalOrder, long dataCollectionOrder) {
}
