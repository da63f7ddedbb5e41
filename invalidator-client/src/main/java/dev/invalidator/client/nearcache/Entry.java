package dev.invalidator.client.nearcache;

/**
 * A cached value with what it is attached to and, under a {@link TtlPolicy}, its lifetime. Compared by identity on
 * purpose: the indexes remove a key's registration only if it is still this entry's, so a late clean-up of a
 * replaced entry never unregisters the entry that replaced it, even when both hold equal values.
 */
final class Entry<V> {

    final V value;
    final Attachments attachments;
    /** Null when the cache has no TTL policy. */
    final Lifetime lifetime;

    Entry(V value, Attachments attachments) {
        this(value, attachments, null);
    }

    Entry(V value, Attachments attachments, Lifetime lifetime) {
        this.value = value;
        this.attachments = attachments;
        this.lifetime = lifetime;
    }
}
