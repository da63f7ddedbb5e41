package dev.invalidator.client.publish;

/**
 * A request the Kafka broker acknowledged (by all in-sync replicas): where it landed.
 *
 * @param requestId the request's id, also the record's key
 */
public record PublishedRequest(String requestId, String topic, int partition, long offset) {
}
