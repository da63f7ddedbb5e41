/**
 * The broadcast the service sends to application nodes' near-caches: {@link
 * dev.invalidator.schemas.broadcast.InvalidationBroadcast}, its codec, and {@link
 * dev.invalidator.schemas.broadcast.PositionCheck}, which tells a subscriber whether it missed messages.
 */
package dev.invalidator.schemas.broadcast;
