package dev.invalidator.service.demo;

import dev.invalidator.client.broadcast.BroadcastFollower;
import dev.invalidator.client.nearcache.Attachments;
import dev.invalidator.client.nearcache.NearCache;
import dev.invalidator.client.redis.RedisCache;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The demo's shop: writes rows, reads them the way a storefront would (product pages and category listings, through
 * the leased Redis cache into a near-cache), changes rows, and says which invalidations each change must cause.
 */
final class Workload {

    private static final Duration TTL = Duration.ofMinutes(10);
    private static final long PACE_MILLIS = 10;

    private final ShopDatabase shop;
    private final RedisCache<String> shared;
    private final NearCache<String> near;
    private final InvalidationWatch watch;
    private final String run = Demo.runId();

    Workload(ShopDatabase shop, RedisCache<String> shared, NearCache<String> near, InvalidationWatch watch) {
        this.shop = shop;
        this.shared = shared;
        this.near = near;
        this.watch = watch;
    }

    static String listingKey(int category) {
        return "listing:category:" + category;
    }

    static String categoryTag(int category) {
        return "category:" + category;
    }

    List<Product> insert(int rows) {
        try {
            return shop.insertProducts(rows, run);
        } catch (SQLException e) {
            throw new Demo.DemoFailure("cannot insert the products: " + e.getMessage());
        }
    }

    /** Reads every product page and both listings through the near-cache, which reads through Redis. */
    void fill(List<Product> products) {
        for (Product product : products) {
            near.get(product.key(), Attachments.none(),
                    key -> shared.getOrLoad(key, k -> shop.productPage(product.id()), TTL));
        }
        fillListings();
    }

    /** Reads both category listings; their values are tagged with the category in Redis and in the near-cache. */
    void fillListings() {
        for (int category : List.of(ShopDatabase.COFFEE, ShopDatabase.TEA)) {
            Set<String> tags = Set.of(categoryTag(category));
            near.get(listingKey(category), Attachments.tags(categoryTag(category)),
                    key -> shared.getOrLoad(key, k -> shop.listing(category), TTL, tags, Set.of()));
        }
    }

    /** The filled keys that Redis does not hold. */
    List<String> missingInRedis(List<Product> products) {
        List<String> keys = new ArrayList<>(products.stream().map(Product::key).toList());
        keys.add(listingKey(ShopDatabase.COFFEE));
        keys.add(listingKey(ShopDatabase.TEA));
        return watch.absentFromRedis(keys);
    }

    /** Raises the price of {@code changes} products spread over the list, expecting each one's page to go. */
    void raisePrices(List<Product> products, int changes) throws InterruptedException {
        int step = Math.max(1, products.size() / changes);
        for (int i = 0; i < changes; i++) {
            // Spread over the list, and over both categories (products alternate between them).
            Product product = products.get(Math.min(products.size() - 1, i * step + (step % 2 == 0 ? i % 2 : 0)));
            long committing = System.nanoTime();
            try {
                shop.raisePrice(product.id());
            } catch (SQLException e) {
                throw new Demo.DemoFailure("cannot change product " + product.id() + ": " + e.getMessage());
            }
            watch.expect(new Expectation(product.key(), Set.of(), "price of " + product.sku() + " raised",
                    committing));
            Thread.sleep(PACE_MILLIS);
        }
    }

    /** Moves the first Tea product to Coffee, expecting its page and both listings to go. */
    void moveOne(List<Product> products) {
        Product product = products.stream().filter(p -> p.categoryId() == ShopDatabase.TEA).findFirst()
                .orElseThrow(() -> new Demo.DemoFailure("no Tea product to move"));
        long committing = System.nanoTime();
        try {
            shop.moveTo(product.id(), ShopDatabase.COFFEE);
        } catch (SQLException e) {
            throw new Demo.DemoFailure("cannot move product " + product.id() + ": " + e.getMessage());
        }
        String why = product.sku() + " moved from Tea to Coffee";
        watch.expect(new Expectation(product.key(), Set.of(), why, committing));
        for (int category : List.of(ShopDatabase.TEA, ShopDatabase.COFFEE)) {
            watch.expect(new Expectation(listingKey(category), Set.of(categoryTag(category)), why, committing));
        }
    }

    /** Fails when the near-cache, in sync with the broadcast, still serves a key it should have evicted. */
    void checkNearCacheEmptied(NearCache<String> nearCache, BroadcastFollower follower) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!follower.inSync()) {
            if (System.nanoTime() > deadline) {
                throw new Demo.DemoFailure("the near-cache node's follower is not in sync with the broadcast");
            }
            Thread.sleep(20);
        }
        List<String> stillThere = watch.expectations().stream().map(Expectation::key)
                .filter(key -> nearCache.getIfPresent(key) != null).distinct().toList();
        if (!stillThere.isEmpty()) {
            throw new Demo.DemoFailure("the near-cache still serves " + stillThere);
        }
    }
}
