/**
 * The broadcast the service sends to application nodes' near-caches: {@link
 * dev.invalidator.schemas.broadcast.InvalidationBroadcast}, its codec, and {@link
 * dev.invalidator.schemas.broadcast.PositionCheck}, which tells a subscriber whether it missed messages.
 *
 * <p>Optional fields added since format version 1 are written only when they differ from their default, so that
 * messages without them stay byte for byte what earlier subscribers read: {@code soft} (absent = a hard
 * invalidation, drop at once).
 */
package dev.invalidator.schemas.broadcast;
