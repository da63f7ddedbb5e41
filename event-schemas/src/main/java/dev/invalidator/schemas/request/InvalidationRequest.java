package dev.invalidator.schemas.request;

import java.util.List;

import dev.invalidator.schemas.json.FieldChecks;
import dev.invalidator.schemas.json.InvalidFieldException;

/**
 * An explicit request from another service to invalidate cache entries (schema
 * {@code schemas/invalidation-request.schema.json}).
 *
 * <p>The constructor enforces the schema's rules and bounds, so a request built in code always serialises to JSON
 * that validates; otherwise it throws {@link InvalidFieldException} (an {@link IllegalArgumentException}) naming the
 * field by its JSON pointer. Lists are copied and
 * unmodifiable; null lists are taken as empty.
 *
 * @param id       the sender's id for this request, unique per request; used for dedup and in broadcasts
 * @param source   which service asks
 * @param keys     exact Redis keys to remove
 * @param patterns Redis glob patterns; matching keys are removed
 * @param tags     tags whose member keys are removed (or, for generation-based tags, whose generation is bumped)
 * @param versions versioned keys whose version counter is bumped, making every value stored under an older
 *                 version unreachable
 * @param cascade  also invalidate the registered dependents of removed keys
 * @param dryRun   report what would be invalidated, change nothing
 * @param reason   why, in words; null when not given
 * @param soft     a soft invalidation: Redis is invalidated as usual, but near-caches keep the entries, marked
 *                 stale, for a bounded time while they refresh them in the background instead of dropping them
 */
public record InvalidationRequest(
        String id,
        String source,
        List<String> keys,
        List<String> patterns,
        List<String> tags,
        List<String> versions,
        boolean cascade,
        boolean dryRun,
        String reason,
        boolean soft) {

    public static final int MAX_ID_LENGTH = 200;
    public static final int MAX_SOURCE_LENGTH = 200;
    /** Most entries in each of keys, patterns, tags and versions. */
    public static final int MAX_ITEMS = 10_000;
    /** Longest key, pattern, tag or versioned key, in code points. */
    public static final int MAX_TARGET_LENGTH = 1024;
    public static final int MAX_REASON_LENGTH = 1000;

    public InvalidationRequest {
        FieldChecks.text(id, "/id", 1, MAX_ID_LENGTH);
        FieldChecks.text(source, "/source", 1, MAX_SOURCE_LENGTH);
        keys = FieldChecks.items(keys, "/keys", MAX_ITEMS, MAX_TARGET_LENGTH);
        patterns = FieldChecks.items(patterns, "/patterns", MAX_ITEMS, MAX_TARGET_LENGTH);
        tags = FieldChecks.items(tags, "/tags", MAX_ITEMS, MAX_TARGET_LENGTH);
        versions = FieldChecks.items(versions, "/versions", MAX_ITEMS, MAX_TARGET_LENGTH);
        FieldChecks.optionalText(reason, "/reason", MAX_REASON_LENGTH);
        if (keys.isEmpty() && patterns.isEmpty() && tags.isEmpty() && versions.isEmpty()) {
            throw new InvalidFieldException("/", "at least one of keys, patterns, tags, versions must be non-empty");
        }
    }

    /** A hard request: near-caches drop what it invalidates. */
    public InvalidationRequest(String id, String source, List<String> keys, List<String> patterns, List<String> tags,
            List<String> versions, boolean cascade, boolean dryRun, String reason) {
        this(id, source, keys, patterns, tags, versions, cascade, dryRun, reason, false);
    }

    /** A request without versioned keys: the form of requests before versions existed. */
    public InvalidationRequest(String id, String source, List<String> keys, List<String> patterns, List<String> tags,
            boolean cascade, boolean dryRun, String reason) {
        this(id, source, keys, patterns, tags, List.of(), cascade, dryRun, reason);
    }

    /** A request for exact keys only, without cascade, dry run or reason. */
    public static InvalidationRequest forKeys(String id, String source, List<String> keys) {
        return new InvalidationRequest(id, source, keys, List.of(), List.of(), false, false, null);
    }
}
