package dev.invalidator.service.demo;

import dev.invalidator.client.broadcast.BroadcastSubscriber;
import dev.invalidator.client.broadcast.Freshness;
import dev.invalidator.client.broadcast.MissReason;
import dev.invalidator.client.nearcache.NearCache;
import dev.invalidator.schemas.broadcast.InvalidationBroadcast;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * Sees the invalidations arrive: polls Redis for the expected keys every few milliseconds on a thread of its own, and
 * stands between the broadcast follower and the near-cache to note when each broadcast was applied there.
 */
final class InvalidationWatch implements BroadcastSubscriber, AutoCloseable {

    private static final long POLL_MILLIS = 2;

    private final NearCache<?> nearCache;
    private final UnifiedJedis redis;
    private final List<Expectation> expectations = new CopyOnWriteArrayList<>();
    private final AtomicLong broadcastsApplied = new AtomicLong();
    private final Set<String> broadcastKeys = ConcurrentHashMap.newKeySet();
    private final AtomicLong missedReports = new AtomicLong();
    private final Thread poller;
    private volatile boolean running = true;
    private volatile String pollFailure;

    InvalidationWatch(NearCache<?> nearCache, UnifiedJedis redis) {
        this.nearCache = nearCache;
        this.redis = redis;
        this.poller = new Thread(this::pollRedis, "demo-redis-watch");
        poller.setDaemon(true);
        poller.start();
    }

    /** Starts waiting for {@code expectation}. */
    void expect(Expectation expectation) {
        expectations.add(expectation);
    }

    List<Expectation> expectations() {
        return List.copyOf(expectations);
    }

    /** Every key named by a broadcast applied so far. */
    Set<String> broadcastKeys() {
        return broadcastKeys;
    }

    long nearCacheEvictions() {
        return nearCache.stats().evictionCount();
    }

    long broadcastsApplied() {
        return broadcastsApplied.get();
    }

    long missedReports() {
        return missedReports.get();
    }

    /** Why watching Redis stopped, if it did. */
    String pollFailure() {
        return pollFailure;
    }

    @Override
    public void onBroadcast(InvalidationBroadcast broadcast) {
        nearCache.onBroadcast(broadcast);
        long now = System.nanoTime();
        broadcastsApplied.incrementAndGet();
        broadcastKeys.addAll(broadcast.keys());
        for (Expectation expectation : expectations) {
            if (expectation.inNearCache() && expectation.coveredBy(broadcast.keys(), broadcast.tags())) {
                expectation.goneFromNearCache(now);
            }
        }
    }

    @Override
    public void onMissed(MissReason reason, String detail) {
        missedReports.incrementAndGet();
        nearCache.onMissed(reason, detail);
    }

    @Override
    public void followedBy(Freshness freshness) {
        nearCache.followedBy(freshness);
    }

    private void pollRedis() {
        while (running) {
            List<Expectation> pending = new ArrayList<>();
            for (Expectation expectation : expectations) {
                if (expectation.inRedis()) {
                    pending.add(expectation);
                }
            }
            if (!pending.isEmpty()) {
                try {
                    check(pending);
                } catch (RuntimeException e) {
                    pollFailure = e.toString();
                    return;
                }
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The keys of {@code keys} that Redis does not hold now. */
    List<String> absentFromRedis(List<String> keys) {
        List<Response<Boolean>> answers = new ArrayList<>(keys.size());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (String key : keys) {
                answers.add(pipeline.exists(key));
            }
            pipeline.sync();
        }
        List<String> absent = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (!answers.get(i).get()) {
                absent.add(keys.get(i));
            }
        }
        return absent;
    }

    private void check(List<Expectation> pending) {
        List<Response<Boolean>> answers = new ArrayList<>(pending.size());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (Expectation expectation : pending) {
                answers.add(pipeline.exists(expectation.key()));
            }
            pipeline.sync();
        }
        long now = System.nanoTime();
        for (int i = 0; i < pending.size(); i++) {
            if (!answers.get(i).get()) {
                pending.get(i).goneFromRedis(now);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        poller.interrupt();
        try {
            poller.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
