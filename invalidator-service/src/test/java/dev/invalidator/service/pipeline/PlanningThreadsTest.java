package dev.invalidator.service.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlanningThreadsTest {

    @ParameterizedTest(name = "{0} threads, {1} indexes")
    @CsvSource({"1, 0", "1, 1000", "2, 1", "2, 255", "2, 256", "2, 257", "3, 1000", "4, 4099"})
    void forEach_anyThreadsAndCount_visitsEveryIndexOnce(int threads, int count) throws Exception {
        AtomicIntegerArray visits = new AtomicIntegerArray(Math.max(1, count));
        try (PlanningThreads planning = new PlanningThreads(threads, "test")) {
            planning.forEach(count, visits::incrementAndGet);
        }

        for (int i = 0; i < count; i++) {
            assertThat(visits.get(i)).as("visits of index %d", i).isEqualTo(1);
        }
    }

    @Test
    void forEach_largeCount_sharesTheWorkBetweenTheCallerAndThePool() throws Exception {
        Set<String> names = ConcurrentHashMap.newKeySet();
        try (PlanningThreads planning = new PlanningThreads(3, "test")) {
            planning.forEach(3 * PlanningThreads.PARALLEL_FROM, i -> names.add(Thread.currentThread().getName()));
        }

        assertThat(names).hasSize(3).contains(Thread.currentThread().getName())
                .anyMatch(name -> name.startsWith("test-planner-"));
    }

    @Test
    void forEach_smallCount_staysOnTheCaller() throws Exception {
        Set<String> names = ConcurrentHashMap.newKeySet();
        try (PlanningThreads planning = new PlanningThreads(4, "test")) {
            planning.forEach(PlanningThreads.PARALLEL_FROM - 1, i -> names.add(Thread.currentThread().getName()));
        }

        assertThat(names).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void forEach_aSliceFails_rethrowsItsExceptionAfterEverySliceEnded() {
        AtomicInteger done = new AtomicInteger();
        int count = 4 * PlanningThreads.PARALLEL_FROM;
        try (PlanningThreads planning = new PlanningThreads(2, "test")) {
            assertThatThrownBy(() -> planning.forEach(count, i -> {
                if (i == count - 1) {
                    throw new IllegalStateException("record " + i + " failed");
                }
                done.incrementAndGet();
            })).isInstanceOf(IllegalStateException.class).hasMessage("record " + (count - 1) + " failed");
        }

        assertThat(done).hasValue(count - 1);
    }

    @Test
    void constructor_noThread_isRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new PlanningThreads(0, "test"))
                .withMessage("threads must be at least 1, was 0");
    }
}
