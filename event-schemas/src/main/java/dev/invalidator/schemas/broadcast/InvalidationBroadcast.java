package dev.invalidator.schemas.broadcast;

import java.util.List;

import dev.invalidator.schemas.json.FieldChecks;
import dev.invalidator.schemas.json.InvalidFieldException;

/**
 * What the service tells near-caches (schema {@code schemas/invalidation-broadcast.schema.json}): what to drop,
 * why, when it was published, and where the message sits in its publisher's stream.
 *
 * <p>The constructor enforces the schema's bounds, so a broadcast built in code always serialises to JSON that
 * validates; otherwise it throws {@link InvalidFieldException} naming the field. A publisher with more than
 * {@value #MAX_ITEMS} keys (or patterns, or tags) to announce splits them over several broadcasts. Lists are copied
 * and unmodifiable; null lists are taken as empty. A broadcast with nothing to drop is allowed: heartbeats are such.
 *
 * @param position          where the message sits in its publisher's stream
 * @param publishedAtMillis when it was published, milliseconds since the epoch, by the publisher's clock
 * @param cause             why
 * @param keys              exact cache keys to drop
 * @param patterns          Redis glob patterns; drop every cached key matching one
 * @param tags              drop every cached entry stored under one of these tags
 * @param clearAll          drop everything
 * @param soft              a soft invalidation: near-caches may keep serving the named entries, marked stale, for a
 *                          bounded time while they refresh them in the background, instead of dropping them. False
 *                          (hard, drop at once) when the field is absent, so older publishers and subscribers agree.
 *                          Ignored with {@code clearAll}
 */
public record InvalidationBroadcast(
        BroadcastPosition position,
        long publishedAtMillis,
        BroadcastCause cause,
        List<String> keys,
        List<String> patterns,
        List<String> tags,
        boolean clearAll,
        boolean soft) {

    /** The format version this code reads and writes. */
    public static final int VERSION = 1;
    /** Most entries in each of keys, patterns and tags. */
    public static final int MAX_ITEMS = 10_000;
    /** Longest key, pattern or tag, in code points. */
    public static final int MAX_TARGET_LENGTH = 1024;

    public InvalidationBroadcast {
        if (position == null) {
            throw new InvalidFieldException("/position", "is required");
        }
        FieldChecks.range(publishedAtMillis, "/publishedAtMillis", 0, BroadcastPosition.MAX_COUNTER);
        if (cause == null) {
            throw new InvalidFieldException("/cause", "is required");
        }
        keys = FieldChecks.items(keys, "/keys", MAX_ITEMS, MAX_TARGET_LENGTH);
        patterns = FieldChecks.items(patterns, "/patterns", MAX_ITEMS, MAX_TARGET_LENGTH);
        tags = FieldChecks.items(tags, "/tags", MAX_ITEMS, MAX_TARGET_LENGTH);
    }

    /** A hard broadcast: near-caches drop what it names. */
    public InvalidationBroadcast(BroadcastPosition position, long publishedAtMillis, BroadcastCause cause,
            List<String> keys, List<String> patterns, List<String> tags, boolean clearAll) {
        this(position, publishedAtMillis, cause, keys, patterns, tags, clearAll, false);
    }

    /** A heartbeat: shows the publisher's position, invalidates nothing. */
    public static InvalidationBroadcast heartbeat(BroadcastPosition position, long publishedAtMillis) {
        return new InvalidationBroadcast(position, publishedAtMillis, new BroadcastCause.Heartbeat(),
                List.of(), List.of(), List.of(), false);
    }

    /** The causes one by one: those of a {@link BroadcastCause.Batch}, else the cause alone. */
    public List<BroadcastCause> causes() {
        return cause instanceof BroadcastCause.Batch batch ? batch.causes() : List.of(cause);
    }

    /** True when the broadcast drops nothing (a heartbeat, or a change whose targets all were skipped). */
    public boolean invalidatesNothing() {
        return !clearAll && keys.isEmpty() && patterns.isEmpty() && tags.isEmpty();
    }
}
