package dev.invalidator.service.demo;

import dev.invalidator.client.broadcast.BroadcastFollower;
import dev.invalidator.client.nearcache.Attachments;
import dev.invalidator.client.nearcache.NearCache;
import dev.invalidator.client.redis.RedisCache;
import dev.invalidator.client.redis.ValueCodec;
import dev.invalidator.schemas.redis.RedisKeyLayout;
import dev.invalidator.service.capture.Capture;
import dev.invalidator.service.config.ServiceConfig;
import dev.invalidator.service.config.ServiceFields;
import dev.invalidator.service.embedded.DirectoryTree;
import dev.invalidator.service.embedded.EmbeddedPlan;
import dev.invalidator.service.embedded.EmbeddedStack;
import dev.invalidator.service.embedded.TimedClose;
import dev.invalidator.service.embedded.postgres.EmbeddedDatabase;
import dev.invalidator.service.run.InvalidatorService;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import redis.clients.jedis.RedisClient;

/**
 * {@code invalidator demo}: the embedded stack and the service in this process, then a short shop workload whose
 * every expected invalidation is checked in Redis and in a near-cache, with progress lines while it runs and a
 * summary at the end. Exit status 0 only when every invalidation arrived in time.
 */
public final class Demo {

    private static final Duration CACHE_TTL = Duration.ofMinutes(10);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final long PROGRESS_EVERY_MILLIS = 500;

    private final DemoSettings settings;
    private final PrintWriter out;
    private final Parts parts = new Parts();
    private long startedAt;
    private volatile String phase = "start";

    public Demo(DemoSettings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    /** Runs the demo and stops everything it started; 0 when every invalidation was verified, 1 otherwise. */
    public int run() {
        startedAt = System.nanoTime();
        // Ctrl-C stops what was started, the service first and the embedded stack last.
        Thread hook = new Thread(parts::close, "invalidator-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean passed = false;
        try {
            passed = runSteps();
        } catch (DemoFailure e) {
            say("FAILED: " + e.getMessage());
        } catch (RuntimeException e) {
            say("FAILED: " + e);
            e.printStackTrace(new PrintWriter(out, true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            say("interrupted");
        } finally {
            say("stopping the service, Redis, PostgreSQL and Kafka ...");
            parts.close();
            say("stopped.");
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it found everything stopped.
            }
            finishDataDirectory(passed);
        }
        return passed ? 0 : 1;
    }

    private boolean runSteps() throws InterruptedException {
        say("Invalidator demo: Kafka, PostgreSQL and Redis embedded, data in " + settings.dataDirectory());
        say("starting ... (the first start takes a while: Kafka formats its storage, PostgreSQL initialises)");
        ServiceConfig config = startEverything();
        EmbeddedDatabase database = parts.stack.database().orElseThrow();
        ShopDatabase shop = new ShopDatabase(database.dataSource());
        await("capture", () -> streaming(shop), STARTUP_TIMEOUT);

        RedisKeyLayout layout = new RedisKeyLayout(config.get(ServiceFields.REDIS_NAMESPACE));
        parts.redis = RedisClient.create(config.get(ServiceFields.REDIS_HOST), config.get(ServiceFields.REDIS_PORT));
        RedisCache<String> shared = RedisCache.builder().redis(parts.redis).layout(layout).build(ValueCodec.utf8());
        NearCache<String> near = NearCache.<String>builder().maximumSize(100_000).expireAfterWrite(CACHE_TTL).build();
        parts.watch = new InvalidationWatch(near, parts.redis);
        parts.follower = BroadcastFollower.kafka(String.join(",", config.get(ServiceFields.KAFKA_BOOTSTRAP_SERVERS)),
                config.get(ServiceFields.KAFKA_BROADCAST_TOPIC)).maxStaleness(Duration.ofSeconds(2)).start(parts.watch);
        await("near-cache node", parts.follower::inSync, STARTUP_TIMEOUT);
        long readyAt = System.nanoTime();
        say(String.format("ready after %.1f s: service, capture, a near-cache node following the broadcast",
                seconds(startedAt)));
        Workload workload = new Workload(shop, shared, near, parts.watch);
        parts.ticker = startTicker();
        try {
            phase("1/4 write", settings.rows() + " published products inserted into shop.public.products");
            List<Product> products = workload.insert(settings.rows());
            Set<String> productKeys = keys(products);
            await("1/4 write", () -> parts.watch.broadcastKeys().containsAll(productKeys), settings.timeout());

            phase("2/4 fill", "product pages and both category listings read through Redis (leased) into the"
                    + " near-cache");
            workload.fill(products);
            List<String> notFilled = workload.missingInRedis(products);
            if (!notFilled.isEmpty()) {
                throw new DemoFailure("filled keys are not in Redis: " + notFilled);
            }
            say(String.format("   Redis holds %d product pages and 2 listings; the near-cache %d entries",
                    products.size(), near.estimatedSize()));

            phase("3/4 change", settings.changes() + " prices raised, one transaction each; every product page"
                    + " must go from Redis and from the near-cache");
            workload.raisePrices(products, settings.changes());
            awaitInvalidations();

            phase("4/4 move", "listings filled again, then one Tea product moved to Coffee: its page and both"
                    + " listings must go");
            workload.fillListings();
            workload.moveOne(products);
            awaitInvalidations();
            workload.checkNearCacheEmptied(near, parts.follower);
        } finally {
            parts.ticker.interrupt();
            parts.ticker.join();
        }
        progress();
        Summary summary = new Summary(settings, parts.watch, parts.counters, near.stats(), seconds(readyAt));
        summary.print(out);
        return summary.passed();
    }

    private ServiceConfig startEverything() throws InterruptedException {
        parts.stack = new EmbeddedStack(settings.dataDirectory());
        EmbeddedPlan everything = new EmbeddedPlan(EmbeddedPlan.Start.EMBEDDED, EmbeddedPlan.Start.EMBEDDED,
                EmbeddedPlan.RedisSource.EMBEDDED, EmbeddedPlan.Start.EMBEDDED);
        ServiceConfig base = ServiceConfig.defaults()
                .with(ServiceFields.HTTP_PORT, 0)
                .with(ServiceFields.KAFKA_GROUP_ID, "invalidator-demo");
        ServiceConfig config = parts.stack.start(base, everything, null);
        parts.stack.summary().forEach(line -> say("   " + line));
        parts.capture = Capture.start(config, () -> { });
        parts.counters = new PipelineCounters();
        parts.service = InvalidatorService.start(config, parts.counters);
        say("   service     HTTP on 127.0.0.1:" + parts.service.httpPort() + " (/health/ready, /metrics)");
        return config;
    }

    private boolean streaming(ShopDatabase shop) {
        try {
            return shop.slotStreaming(EmbeddedStack.CAPTURE_SLOT);
        } catch (SQLException e) {
            throw new DemoFailure("cannot ask PostgreSQL whether the capture streams: " + e.getMessage());
        }
    }

    /** Waits until every expectation was met or its deadline passed; fails listing what is late. */
    private void awaitInvalidations() throws InterruptedException {
        long deadline = parts.watch.expectations().stream().mapToLong(Expectation::committedAt).max().orElseThrow()
                + settings.timeout().toNanos();
        while (true) {
            checkAlive();
            List<Expectation> pending = parts.watch.expectations().stream().filter(e -> !e.done()).toList();
            long now = System.nanoTime();
            if (pending.isEmpty() || now > deadline) {
                if (!pending.isEmpty()) {
                    List<String> late = new ArrayList<>();
                    for (Expectation e : pending) {
                        late.add(e.key() + " (" + e.why() + "): "
                                + (e.inRedis() ? "still in Redis" : "gone from Redis") + ", "
                                + (e.inNearCache() ? "no eviction in the near-cache" : "evicted from the near-cache"));
                    }
                    throw new DemoFailure(pending.size() + " invalidation(s) did not arrive within "
                            + settings.timeout().toSeconds() + " s of their commit:\n   " + String.join("\n   ", late));
                }
                return;
            }
            Thread.sleep(20);
        }
    }

    private void await(String what, BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            checkAlive();
            if (System.nanoTime() > deadline) {
                throw new DemoFailure(what + ": not done after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(20);
        }
    }

    /** Prints a progress line every half second until interrupted. */
    private Thread startTicker() {
        Thread ticker = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(PROGRESS_EVERY_MILLIS);
                    progress();
                }
            } catch (InterruptedException e) {
                // The workload is over: the summary follows.
            }
        }, "demo-progress");
        ticker.setDaemon(true);
        ticker.start();
        return ticker;
    }

    private void checkAlive() {
        if (parts.capture != null && !parts.capture.live()) {
            throw new DemoFailure("the capture stopped: " + parts.capture.failure().orElse("(no reason given)"));
        }
        if (parts.service != null && !parts.service.live()) {
            throw new DemoFailure("the service's pipeline stopped on an error (see the log lines above)");
        }
        if (parts.watch != null && parts.watch.pollFailure() != null) {
            throw new DemoFailure("cannot watch Redis: " + parts.watch.pollFailure());
        }
    }

    private void progress() {
        List<Expectation> expectations = parts.watch.expectations();
        List<Double> redisLags = new ArrayList<>();
        List<Double> nearLags = new ArrayList<>();
        for (Expectation e : expectations) {
            if (!e.inRedis()) {
                redisLags.add(e.redisLagMillis());
            }
            if (!e.inNearCache()) {
                nearLags.add(e.nearCacheLagMillis());
            }
        }
        say(String.format("[%5.1f s] %-10s events %5d | Redis: keys removed %5d, tag members %3d | near-cache"
                        + " evictions %5d | verified %d/%d | lag p50 Redis %s, near-cache %s",
                seconds(startedAt), phase, parts.counters.events(), parts.counters.keysRemoved(),
                parts.counters.tagMembersRemoved(), parts.watch.nearCacheEvictions(),
                expectations.stream().filter(Expectation::done).count(), expectations.size(),
                Latencies.format(Latencies.of(redisLags).percentile(50)),
                Latencies.format(Latencies.of(nearLags).percentile(50))));
    }

    private void phase(String name, String what) {
        phase = name;
        say(String.format("[%5.1f s] %s: %s", seconds(startedAt), name, what));
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static Set<String> keys(List<Product> products) {
        return Set.copyOf(products.stream().map(Product::key).toList());
    }

    private void finishDataDirectory(boolean passed) {
        if (!settings.temporary()) {
            say("data kept in " + settings.dataDirectory() + " (a second run with --data-dir resumes on it)");
        } else if (passed) {
            try {
                DirectoryTree.delete(settings.dataDirectory());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the demo's data directory " + settings.dataDirectory()
                        + ": " + e, e);
            }
        } else {
            say("data kept for inspection in " + settings.dataDirectory() + " (Kafka's log: kafka/broker.log)");
        }
    }

    /** A run id, so that rows of an earlier run on the same data directory are told apart. */
    static String runId() {
        return UUID.randomUUID().toString().substring(0, 6);
    }

    /** What the demo started, stopped in reverse order: clients, service, capture, then the embedded stack. */
    private static final class Parts {
        private static final Duration STOP_LIMIT = Duration.ofSeconds(15);
        volatile EmbeddedStack stack;
        volatile Capture capture;
        volatile PipelineCounters counters;
        volatile InvalidatorService service;
        volatile RedisClient redis;
        volatile InvalidationWatch watch;
        volatile BroadcastFollower follower;
        volatile Thread ticker;
        private boolean closed;

        synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (ticker != null) {
                ticker.interrupt();
            }
            closeQuietly(follower);
            closeQuietly(watch);
            closeQuietly(redis);
            TimedClose.close("service", service, STOP_LIMIT);
            TimedClose.close("capture", capture, STOP_LIMIT);
            closeQuietly(stack);
        }

        private static void closeQuietly(AutoCloseable part) {
            if (part == null) {
                return;
            }
            try {
                part.close();
            } catch (Exception e) {
                // Reported, not thrown: the other parts must still be stopped.
                System.err.println("stopping " + part + " failed: " + e);
            }
        }
    }

    /** The demo cannot go on; the message says why. */
    static final class DemoFailure extends RuntimeException {
        DemoFailure(String message) {
            super(message);
        }
    }
}
