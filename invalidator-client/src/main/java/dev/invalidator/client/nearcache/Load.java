package dev.invalidator.client.nearcache;

import java.util.concurrent.CompletableFuture;

/** One load of one key in progress: who runs it, what the value will be attached to, and whether it went stale. */
final class Load<V> {

    final String key;
    final Attachments attachments;
    /** The thread running the loader: the reader, or the executor's thread for a background refresh. */
    private volatile Thread owner = Thread.currentThread();
    final CompletableFuture<V> result = new CompletableFuture<>();
    /** Set when an invalidation covering this load was applied while it ran: its value must not be stored. */
    private volatile boolean stale;

    Load(String key, Attachments attachments) {
        this.key = key;
        this.attachments = attachments;
    }

    Thread owner() {
        return owner;
    }

    /** A background refresh is registered by the reader and run on another thread. */
    void runOn(Thread thread) {
        owner = thread;
    }

    void markStale() {
        stale = true;
    }

    boolean isStale() {
        return stale;
    }
}
