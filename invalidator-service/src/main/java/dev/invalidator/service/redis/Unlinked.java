package dev.invalidator.service.redis;

/** Cache values and lease markers one or more UNLINKs removed. */
record Unlinked(long keys, long leases) {

    static final Unlinked NONE = new Unlinked(0, 0);

    Unlinked plus(Unlinked other) {
        return new Unlinked(keys + other.keys, leases + other.leases);
    }
}
