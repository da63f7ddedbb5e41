package dev.invalidator.client.broadcast;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Follows a Redis Pub/Sub channel on one thread, resubscribing with back-off when the connection is lost. Redis keeps
 * nothing for a subscriber that is away, so every resubscription is reported as {@link MissReason#DISCONNECTED};
 * in between, positions reveal messages lost on the way, and the service's heartbeats show the publisher alive.
 *
 * <p>In sync: subscribed, and a message (a heartbeat at least) arrived within the heartbeat timeout.
 */
final class RedisBroadcastFollower implements BroadcastFollower {

    private static final Logger LOG = LoggerFactory.getLogger(RedisBroadcastFollower.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final UnifiedJedis redis;
    private final boolean ownsRedis;
    private final String channelName;
    private final byte[] channel;
    private final long heartbeatTimeoutNanos;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final FollowerCounters counters = new FollowerCounters();
    private final Delivery delivery;
    private final Thread thread;

    private volatile boolean closing;
    private volatile boolean stopped;
    private volatile Listener listener;
    private volatile boolean subscribed;
    private volatile long subscribedAtNanos;
    private volatile boolean heardSinceSubscribing;
    private volatile long lastHeardNanos;

    // Owned by the delivering thread.
    private long subscriptions;
    private Duration backoff;

    RedisBroadcastFollower(UnifiedJedis redis, boolean ownsRedis, String channel, Duration heartbeatTimeout,
                           Duration initialBackoff, Duration maxBackoff, BroadcastSubscriber subscriber) {
        this.redis = redis;
        this.ownsRedis = ownsRedis;
        this.channelName = channel;
        this.channel = channel.getBytes(StandardCharsets.UTF_8);
        this.heartbeatTimeoutNanos = heartbeatTimeout.toNanos();
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.backoff = initialBackoff;
        this.delivery = new Delivery(subscriber, GapRule.pubSub(this::settled), counters, System::currentTimeMillis);
        this.thread = new Thread(this::run, "broadcast-follower-" + channel);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public boolean inSync() {
        return subscribed && heardSinceSubscribing && !stopped && !closing
                && System.nanoTime() - lastHeardNanos <= heartbeatTimeoutNanos;
    }

    /** Whether the subscription has lasted long enough that every publisher must have been heard from meanwhile. */
    private boolean settled() {
        return System.nanoTime() - subscribedAtNanos > heartbeatTimeoutNanos;
    }

    @Override
    public FollowerStats stats() {
        return counters.snapshot();
    }

    private void run() {
        try {
            while (!closing) {
                Listener current = new Listener();
                listener = current;
                try {
                    redis.subscribe(current, channel);
                } catch (JedisException e) {
                    if (closing) {
                        break;
                    }
                    LOG.warn("lost the subscription to Redis channel {} ({}); resubscribing in {}", channelName,
                            e.getMessage(), backoff);
                } finally {
                    subscribed = false;
                }
                if (current.failure != null) {
                    throw current.failure;
                }
                if (!closing) {
                    sleepBackoff();
                }
            }
        } catch (RuntimeException e) {
            LOG.error("follower of Redis channel {} stops and reports itself out of sync from now on", channelName, e);
        } finally {
            stopped = true;
        }
    }

    private void sleepBackoff() {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            if (!closing) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("follower of Redis channel " + channelName + " was interrupted", e);
            }
            return;
        }
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
    }

    /** Runs on the follower's thread, inside {@code subscribe}. */
    private final class Listener extends BinaryJedisPubSub {

        /** Set when the subscriber failed; the subscription is then ended cleanly and the follower stops. */
        private SubscriberException failure;

        @Override
        public void onSubscribe(byte[] channel, int subscribedChannels) {
            if (closing) {
                unsubscribe();
                return;
            }
            subscribedAtNanos = System.nanoTime();
            heardSinceSubscribing = false;
            subscribed = true;
            backoff = initialBackoff;
            subscriptions++;
            LOG.info("subscribed to Redis channel {}", channelName);
            if (subscriptions > 1) {
                delivery.forgetAll();
                guarded(() -> delivery.missed(MissReason.DISCONNECTED, "resubscribed to Redis channel " + channelName
                        + " after losing the connection; what was published meanwhile is lost"));
            }
        }

        @Override
        public void onMessage(byte[] channel, byte[] message) {
            lastHeardNanos = System.nanoTime();
            heardSinceSubscribing = true;
            guarded(() -> delivery.deliver(message, 0, "Redis channel " + channelName));
        }

        @Override
        public void onUnsubscribe(byte[] channel, int subscribedChannels) {
            subscribed = false;
        }

        private void guarded(Runnable delivering) {
            if (failure != null) {
                return;
            }
            try {
                delivering.run();
            } catch (SubscriberException e) {
                // Leave the connection unsubscribed, fit to return to the caller's pool.
                failure = e;
                subscribed = false;
                unsubscribe();
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        Listener current = listener;
        if (current != null && current.isSubscribed()) {
            try {
                current.unsubscribe();
            } catch (JedisException e) {
                // The connection is already broken, which ends the subscription just as well.
                LOG.debug("unsubscribing from Redis channel {} failed: {}", channelName, e.getMessage());
            }
        }
        if (Thread.currentThread() != thread) {
            thread.interrupt(); // ends a back-off sleep
            try {
                thread.join(CLOSE_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warn("follower of Redis channel {} did not stop within {}", channelName, CLOSE_WAIT);
            }
        }
        if (ownsRedis) {
            redis.close();
        }
    }
}
