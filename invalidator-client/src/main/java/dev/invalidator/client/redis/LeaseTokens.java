package dev.invalidator.client.redis;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fresh lease tokens: a random part drawn once per cache and a counter, so that no two readers, in this process or
 * any other, hold the same token, without paying for a secure random number on every miss.
 */
final class LeaseTokens {

    private final String instance = UUID.randomUUID().toString();
    private final AtomicLong counter = new AtomicLong();

    String next() {
        return instance + ":" + counter.incrementAndGet();
    }
}
