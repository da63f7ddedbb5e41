/**
 * The broadcast the service sends to application nodes' near-caches: {@link
 * dev.invalidator.schemas.broadcast.InvalidationBroadcast}, its codec, and {@link
 * dev.invalidator.schemas.broadcast.PositionCheck}, which tells a subscriber whether it missed messages.
 *
 * <p>Optional fields added since format version 1 are written only when they differ from their default, so that
 * messages without them stay byte for byte what earlier subscribers read: {@code soft} (absent = a hard
 * invalidation, drop at once).
 *
 * <p>A broadcast's cause is one change, request, repair or heartbeat, or a {@link
 * dev.invalidator.schemas.broadcast.BroadcastCause.Batch} of several changes and requests announced together, whose
 * targets the message names as one union; the service merges a poll batch's invalidations so.
 * {@link dev.invalidator.schemas.broadcast.InvalidationBroadcast#causes()} gives the causes one by one either way. A
 * subscriber built before the batch cause rejects such a message, its cause type being unknown to it, and treats it
 * as missed (its near-cache empties itself): safe, but subscribers are upgraded before the publishers that send
 * batches.
 */
package dev.invalidator.schemas.broadcast;
