/**
 * The invalidation request other services send (Kafka topic or HTTP): {@link
 * dev.invalidator.schemas.request.InvalidationRequest} and its codec.
 */
package dev.invalidator.schemas.request;
