package dev.invalidator.client.nearcache;

/**
 * A cached value with what it is attached to and, under a {@link TtlPolicy}, its lifetime. Compared by identity on
 * purpose: the indexes remove a key's registration only if it is still this entry's, so a late clean-up of a
 * replaced entry never unregisters the entry that replaced it, even when both hold equal values.
 *
 * <p>The one mutable part is the soft-invalidation mark. It is set in place rather than by replacing the entry so
 * that marking is no write for Caffeine: a write would restart {@code expireAfterWrite} and let a marked value live
 * longer than it would have unmarked.
 */
final class Entry<V> {

    final V value;
    final Attachments attachments;
    /** Null when the cache has no TTL policy. */
    final Lifetime lifetime;
    /** Written before {@link #markedStale}, read after it: a reader that sees the mark sees its deadline. */
    private volatile long staleUntil;
    private volatile boolean markedStale;

    Entry(V value, Attachments attachments) {
        this(value, attachments, null);
    }

    Entry(V value, Attachments attachments, Lifetime lifetime) {
        this.value = value;
        this.attachments = attachments;
        this.lifetime = lifetime;
    }

    /**
     * Marks the value stale by a soft invalidation, to be served until {@code until} (ticker nanoseconds) at most.
     * A value marked already keeps its first deadline: later soft invalidations must not lengthen how long a value
     * invalidated earlier is served. Returns whether this call marked it.
     */
    synchronized boolean markStale(long until) {
        if (markedStale) {
            return false;
        }
        staleUntil = until;
        markedStale = true;
        return true;
    }

    /** Whether a soft invalidation marked it stale. */
    boolean markedStale() {
        return markedStale;
    }

    /** Whether it was marked stale and its deadline has come: it must not be served any more. */
    boolean staleExpiredAt(long now) {
        return markedStale && now - staleUntil >= 0;
    }
}
