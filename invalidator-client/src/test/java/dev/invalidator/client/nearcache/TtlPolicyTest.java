package dev.invalidator.client.nearcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TtlPolicyTest {

    /** Draws 0.0 every time: the lowest jitter, and the least likely early refresh. */
    static final RandomGenerator LOWEST = () -> 0L;
    /** Draws the largest double below 1.0 every time. */
    static final RandomGenerator HIGHEST = () -> -1L;

    /** The seeds' categories, with a narrower one first to show that order decides. */
    static TtlPolicy.Builder seeds() {
        return TtlPolicy.builder()
                .category("project:*:board:*", Duration.ofMinutes(1))
                .category("issue:*", Duration.ofMinutes(5))
                .category("project:*", Duration.ofHours(1))
                .category("field:*", Duration.ofDays(1))
                .defaultTtl(Duration.ofMinutes(10));
    }

    @ParameterizedTest
    @CsvSource({
            "issue:4711, PT5M",
            "project:12, PT1H",
            "project:12:fields, PT1H",
            "project:12:board:3, PT1M",
            "field:31, PT24H",
            "user:5, PT10M",
            "issues:1, PT10M",
    })
    void ttlFor_seedCategories_firstMatchWins(String key, Duration expected) {
        assertThat(seeds().build().ttlFor(key).timeToLive()).isEqualTo(expected);
    }

    @Test
    void ttlFor_broaderCategoryFirst_shadowsTheNarrowerOne() {
        TtlPolicy policy = TtlPolicy.builder()
                .category("project:*", Duration.ofHours(1))
                .category("project:*:board:*", Duration.ofMinutes(1))
                .defaultTtl(Duration.ofMinutes(10))
                .build();

        assertThat(policy.ttlFor("project:12:board:3").timeToLive()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void ttlFor_categoryWithOptions_keepsThem() {
        TtlPolicy policy = TtlPolicy.builder()
                .category("session:*", Ttl.afterAccess(Duration.ofMinutes(30)))
                .category("project:*", Ttl.afterWrite(Duration.ofHours(1)).withMaxStale(Duration.ofMinutes(1)))
                .defaultTtl(Duration.ofMinutes(10))
                .build();

        assertThat(policy.ttlFor("session:9")).isEqualTo(new Ttl(Duration.ofMinutes(30), Duration.ZERO, true));
        assertThat(policy.ttlFor("project:1"))
                .isEqualTo(new Ttl(Duration.ofHours(1), Duration.ofMinutes(1), false));
        assertThat(policy.ttlFor("x")).isEqualTo(Ttl.afterWrite(Duration.ofMinutes(10)));
    }

    @Test
    void jittered_pinnedRandom_reachesBothBounds() {
        Duration ttl = Duration.ofMinutes(5);

        Duration lowest = seeds().jitter(0.1).random(LOWEST).build().jittered(ttl);
        Duration highest = seeds().jitter(0.1).random(HIGHEST).build().jittered(ttl);

        assertThat(lowest).isEqualTo(Duration.ofSeconds(270));
        assertThat(highest).isBetween(Duration.ofMillis(329_999), Duration.ofSeconds(330));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.05, 0.1, 0.5})
    void jittered_manyDraws_withinBoundsAndSpread(double jitter) {
        TtlPolicy policy = seeds().jitter(jitter).random(new SplittableRandom(7)).build();
        long ttl = Duration.ofHours(1).toNanos();
        long low = (long) (ttl * (1 - jitter));
        long high = (long) (ttl * (1 + jitter));
        int below = 0;
        int above = 0;

        for (int i = 0; i < 10_000; i++) {
            long drawn = policy.jittered(Duration.ofNanos(ttl)).toNanos();
            assertThat(drawn).isBetween(low, high);
            below += drawn < ttl ? 1 : 0;
            above += drawn > ttl ? 1 : 0;
        }
        // Both directions: values written together spread around their TTL, not only past it.
        assertThat(below).isBetween(4_500, 5_500);
        assertThat(above).isBetween(4_500, 5_500);
    }

    @Test
    void jittered_noJitter_ttlAsGiven() {
        assertThat(seeds().build().jittered(Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void refreshEarly_off_never() {
        TtlPolicy policy = seeds().random(HIGHEST).build();

        assertThat(policy.refreshEarly(1, 1_000_000_000)).isFalse();
    }

    @Test
    void refreshEarly_unknownLoadTime_never() {
        TtlPolicy policy = seeds().earlyRefresh(1).random(HIGHEST).build();

        assertThat(policy.refreshEarly(1, 0)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"1.0, 0.5", "1.0, 1", "1.0, 3", "2.0, 1", "2.0, 3"})
    void refreshEarly_probabilityRisesAsExpiryNears(double beta, double loadTimesLeft) {
        TtlPolicy policy = seeds().earlyRefresh(beta).random(new SplittableRandom(11)).build();
        long loadNanos = 100_000_000;
        long freshLeft = (long) (loadTimesLeft * loadNanos);
        int draws = 20_000;
        int refreshes = 0;

        for (int i = 0; i < draws; i++) {
            refreshes += policy.refreshEarly(freshLeft, loadNanos) ? 1 : 0;
        }

        // XFetch: P(refresh) = exp(-left / (beta * loadTime)).
        double expected = Math.exp(-loadTimesLeft / beta);
        assertThat((double) refreshes / draws).isCloseTo(expected, offset(0.02));
    }

    @Test
    void build_withoutDefault_fails() {
        assertThatThrownBy(() -> TtlPolicy.builder().category("issue:*", Duration.ofMinutes(5)).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("defaultTtl");
    }

    @Test
    void options_outOfRange_rejected() {
        assertThatThrownBy(() -> TtlPolicy.builder().jitter(1)).hasMessageContaining("jitter");
        assertThatThrownBy(() -> TtlPolicy.builder().jitter(-0.1)).hasMessageContaining("jitter");
        assertThatThrownBy(() -> TtlPolicy.builder().earlyRefresh(Double.NaN)).hasMessageContaining("beta");
        assertThatThrownBy(() -> TtlPolicy.builder().category("", Duration.ofMinutes(1))).hasMessageContaining("glob");
        assertThatThrownBy(() -> Ttl.afterWrite(Duration.ZERO)).hasMessageContaining("timeToLive");
        assertThatThrownBy(() -> Ttl.afterWrite(Duration.ofDays(10_001))).hasMessageContaining("timeToLive");
        assertThatThrownBy(() -> Ttl.afterWrite(Duration.ofMinutes(1)).withMaxStale(Duration.ofSeconds(-1)))
                .hasMessageContaining("maxStale");
        assertThatThrownBy(() -> Ttl.afterAccess(Duration.ofMinutes(1)).withMaxStale(Duration.ofSeconds(1)))
                .hasMessageContaining("sliding");
    }
}
