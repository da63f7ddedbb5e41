package dev.invalidator.schemas.redis;

import java.util.Optional;

/**
 * Redis Cluster's hash-tag rule: when a key contains <code>&#123;</code>, and a <code>&#125;</code> follows it, and at
 * least one character lies between the first <code>&#123;</code> and the first <code>&#125;</code> after it, only that
 * part is hashed to choose the key's slot. Otherwise the whole key is hashed. Keys sharing a hash tag share a slot,
 * which multi-key commands and Lua scripts on a cluster require.
 */
public final class HashTag {

    private HashTag() {
    }

    /** The part of {@code key} that Redis Cluster hashes when it is not the whole key; empty when it is. */
    public static Optional<String> of(String key) {
        int open = key.indexOf('{');
        if (open < 0) {
            return Optional.empty();
        }
        int close = key.indexOf('}', open + 1);
        if (close < 0 || close == open + 1) {
            // No "}" after the "{", or "{}": Redis then hashes the whole key, and does not look further.
            return Optional.empty();
        }
        return Optional.of(key.substring(open + 1, close));
    }
}
