package dev.invalidator.service.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CascadeLimitsTest {

    @Test
    void constructor_depthBelowOne_isRefused() {
        assertThatThrownBy(() -> new CascadeLimits(0, 10)).hasMessageContaining("maxDepth");
    }

    @Test
    void constructor_fanOutBelowOne_isRefused() {
        assertThatThrownBy(() -> new CascadeLimits(5, 0)).hasMessageContaining("maxFanOut");
    }

    @Test
    void redisWork_keysChangedAfterwards_areNotSeen() {
        Set<String> keys = new HashSet<>(Set.of("a"));
        RedisWork work = RedisWork.keys(keys);
        keys.add("b");

        assertThat(work.keys()).containsExactly("a");
        assertThat(work.withCascade().cascade()).isTrue();
    }

    @Test
    void applyResult_eitherCascadeLimit_isTruncated() {
        assertThat(new ApplyResult(0, 0, 0, 0, 0, true, false, false, 0, 0).cascadeTruncated()).isTrue();
        assertThat(new ApplyResult(0, 0, 0, 0, 0, false, true, false, 0, 0).cascadeTruncated()).isTrue();
        assertThat(new ApplyResult(0, 0, 0, 0, 0, false, false, false, 0, 0).cascadeTruncated()).isFalse();
    }

    @Test
    void applyResult_patternBudgetExhausted_isIncomplete() {
        assertThat(new ApplyResult(0, 0, 0, 0, 0, false, false, true, 0, 0).incomplete()).isTrue();
        assertThat(new ApplyResult(0, 0, 0, 0, 0, false, false, false, 0, 0).incomplete()).isFalse();
    }
}
