package dev.invalidator.client.nearcache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Time to live by key category: rules "Redis glob → {@link Ttl}" tried in order (the first match wins) and a default
 * for the rest, with jitter and probabilistic early refresh. Immutable and thread-safe; one policy can serve a
 * {@link NearCache} ({@link NearCacheBuilder#ttlPolicy}) and a {@code RedisCache} alike.
 *
 * <pre>{@code
 * TtlPolicy ttls = TtlPolicy.builder()
 *         .category("issue:*", Duration.ofMinutes(5))
 *         .category("project:*", Ttl.afterWrite(Duration.ofHours(1)).withMaxStale(Duration.ofMinutes(1)))
 *         .category("field:*", Duration.ofDays(1))
 *         .defaultTtl(Duration.ofMinutes(10))
 *         .jitter(0.1)
 *         .earlyRefresh(1.0)
 *         .build();
 * }</pre>
 *
 * <p><b>Jitter</b> ({@code j}): each write draws its own TTL, uniformly between {@code ttl × (1 − j)} and {@code ttl × (1 + j)},
 * so that values written together do not expire together. <b>Early refresh</b> ({@code beta}, XFetch): a read of a
 * fresh entry refreshes it in the background with probability {@code exp(−left / (beta × loadTime))}, where
 * {@code left} is its remaining fresh time and {@code loadTime} how long its load took; a hot key is thus usually
 * refreshed shortly before it expires, and hot keys written together are refreshed at different times.
 */
public final class TtlPolicy {

    /** How many (beta × load times) before expiry early refresh is as good as impossible. */
    private static final double CERTAINLY_NOT = 40;

    private final List<Category> categories;
    private final Ttl defaultTtl;
    private final double jitter;
    private final double beta;
    private final RandomGenerator random;

    private TtlPolicy(Builder builder) {
        this.categories = List.copyOf(builder.categories);
        this.defaultTtl = builder.defaultTtl;
        this.jitter = builder.jitter;
        this.beta = builder.beta;
        this.random = builder.random;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The TTL of the first category whose glob matches {@code key}, or the default. */
    public Ttl ttlFor(String key) {
        Objects.requireNonNull(key, "key");
        for (Category category : categories) {
            if (category.glob.matches(key)) {
                return category.ttl;
            }
        }
        return defaultTtl;
    }

    /** {@code ttl} with this policy's jitter applied, drawn afresh on every call; at least 1 ns. */
    public Duration jittered(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (jitter == 0) {
            return ttl;
        }
        double factor = 1 + jitter * (2 * random().nextDouble() - 1);
        return Duration.ofNanos(Math.max(1, (long) (ttl.toNanos() * factor)));
    }

    /** The jitter, a share of the TTL in [0, 1). */
    public double jitter() {
        return jitter;
    }

    /** The early-refresh factor; zero when early refresh is off. */
    public double earlyRefreshBeta() {
        return beta;
    }

    /**
     * Whether a read should refresh now an entry with {@code freshLeftNanos} of fresh time left whose load took
     * {@code loadNanos} (XFetch: refresh when {@code −loadTime × beta × ln(u) ≥ left}, u uniform in (0, 1]).
     */
    boolean refreshEarly(long freshLeftNanos, long loadNanos) {
        if (beta == 0 || loadNanos <= 0 || freshLeftNanos > CERTAINLY_NOT * beta * loadNanos) {
            // The last case has a probability below exp(-40): skip the draw, it is on every hit's path.
            return false;
        }
        double u = 1 - random().nextDouble();
        return -loadNanos * beta * Math.log(u) >= freshLeftNanos;
    }

    private RandomGenerator random() {
        return random != null ? random : ThreadLocalRandom.current();
    }

    @Override
    public String toString() {
        return "TtlPolicy" + categories + ", default " + defaultTtl + ", jitter " + jitter + ", beta " + beta;
    }

    private record Category(RedisGlob glob, Ttl ttl) {
        @Override
        public String toString() {
            return glob.pattern() + " → " + ttl;
        }
    }

    /** Configures a {@link TtlPolicy}; {@link #defaultTtl} is required. */
    public static final class Builder {

        private final List<Category> categories = new ArrayList<>();
        private Ttl defaultTtl;
        private double jitter;
        private double beta;
        private RandomGenerator random;

        private Builder() {
        }

        /** Keys matching {@code glob} (Redis glob syntax, as broadcast patterns) live {@code timeToLive} after write. */
        public Builder category(String glob, Duration timeToLive) {
            return category(glob, Ttl.afterWrite(timeToLive));
        }

        /** Keys matching {@code glob} (Redis glob syntax) live as {@code ttl} says; earlier categories win. */
        public Builder category(String glob, Ttl ttl) {
            Objects.requireNonNull(glob, "glob");
            Objects.requireNonNull(ttl, "ttl");
            if (glob.isEmpty()) {
                throw new IllegalArgumentException("a category's glob must not be empty");
            }
            categories.add(new Category(RedisGlob.compile(glob), ttl));
            return this;
        }

        /** Keys no category matches live {@code timeToLive} after write. */
        public Builder defaultTtl(Duration timeToLive) {
            return defaultTtl(Ttl.afterWrite(timeToLive));
        }

        /** Keys no category matches live as {@code ttl} says. */
        public Builder defaultTtl(Ttl ttl) {
            this.defaultTtl = Objects.requireNonNull(ttl, "ttl");
            return this;
        }

        /** Each write's TTL varies by up to ± this share of it, in [0, 1); default 0 (none). */
        public Builder jitter(double jitter) {
            if (!(jitter >= 0 && jitter < 1)) {
                throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
            }
            this.jitter = jitter;
            return this;
        }

        /**
         * Refresh hot entries early, before their TTL runs out (XFetch); {@code beta} 1 is the usual choice, larger
         * refreshes earlier. Default 0: off. Near-cache only.
         */
        public Builder earlyRefresh(double beta) {
            if (!(beta >= 0 && Double.isFinite(beta))) {
                throw new IllegalArgumentException("earlyRefresh beta must be zero or positive, got " + beta);
            }
            this.beta = beta;
            return this;
        }

        /**
         * The random source of jitter and early refresh; {@link ThreadLocalRandom} by default. Tests pass a seeded
         * or fixed one; it must be thread-safe if the caches using the policy are.
         */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        public TtlPolicy build() {
            if (defaultTtl == null) {
                throw new IllegalStateException("a TtlPolicy needs a defaultTtl for the keys no category matches");
            }
            return new TtlPolicy(this);
        }
    }
}
