package dev.invalidator.service.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.rules.engine.LiveRules;
import dev.invalidator.rules.file.RuleProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleReloaderTest {

    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path temp;

    private Path directory;
    private LiveRules rules;
    private final AtomicReference<Instant> now = new AtomicReference<>(START);
    private RuleReloader reloader;

    @BeforeEach
    void loadOneRule() throws IOException {
        directory = temp.resolve("rules");
        TestRules.write(directory.resolve("products.yaml"),
                TestRules.rule("product-changed", "shop.public.products", "product:{id}"));
        rules = TestRules.load(directory);
        reloader = new RuleReloader(rules, directory, new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        });
    }

    @Test
    void status_beforeAnyReload_isLoadedAtConstructionWithoutFailure() {
        assertThat(reloader.status()).isEqualTo(new RuleReloader.Status(START, 0, java.util.Optional.empty()));
    }

    @Test
    void reload_goodFiles_putsTheNewRulesInForce() throws IOException {
        TestRules.write(directory.resolve("orders/orders.yaml"),
                TestRules.rule("order-changed", "shop.public.orders", "order:{id}"));
        now.set(START.plus(Duration.ofMinutes(5)));

        RuleReloader.Outcome outcome = reloader.reload("test");

        assertThat(outcome.applied()).isTrue();
        assertThat(outcome.ruleCount()).isEqualTo(2);
        assertThat(outcome.fileCount()).isEqualTo(2);
        assertThat(outcome.errors()).isEmpty();
        assertThat(rules.current().ruleNames()).containsExactly("order-changed", "product-changed");
        assertThat(reloader.status().loadedAt()).isEqualTo(START.plus(Duration.ofMinutes(5)));
        assertThat(reloader.status().reloads()).isEqualTo(1);
        assertThat(reloader.status().lastFailed()).isEmpty();
    }

    @Test
    void reload_badFiles_keepsTheOldRulesAndRemembersEveryErrorWithItsPosition() throws IOException {
        TestRules.write(directory.resolve("broken.yaml"), TestRules.UNKNOWN_FIELD);
        TestRules.write(directory.resolve("customers.yaml"), TestRules.BAD_TEMPLATE);
        now.set(START.plus(Duration.ofMinutes(5)));

        RuleReloader.Outcome outcome = reloader.reload("test");

        assertThat(outcome.applied()).isFalse();
        assertThat(outcome.ruleCount()).isEqualTo(1);
        assertThat(outcome.errors()).extracting(RuleProblem::toString)
                .anyMatch(problem -> problem.startsWith("rules/broken.yaml:7:7: unknown field 'patern'"))
                .anyMatch(problem -> problem.startsWith("rules/customers.yaml:6:"));
        assertThat(rules.current().ruleNames()).containsExactly("product-changed");
        RuleReloader.Status status = reloader.status();
        assertThat(status.loadedAt()).isEqualTo(START);
        assertThat(status.lastFailed()).hasValueSatisfying(failed -> {
            assertThat(failed.at()).isEqualTo(START.plus(Duration.ofMinutes(5)));
            assertThat(failed.errors()).hasSameSizeAs(outcome.errors())
                    .anyMatch(error -> error.startsWith("rules/broken.yaml:7:7: "));
        });
    }

    @Test
    void reload_fixedAfterAFailure_clearsTheFailure() throws IOException {
        Path broken = TestRules.write(directory.resolve("broken.yaml"), TestRules.UNKNOWN_FIELD);
        reloader.reload("test");
        Files.delete(broken);

        RuleReloader.Outcome outcome = reloader.reload("test");

        assertThat(outcome.applied()).isTrue();
        assertThat(reloader.status().lastFailed()).isEmpty();
        assertThat(reloader.status().reloads()).isEqualTo(2);
    }

    @Test
    void reload_directoryGone_keepsTheOldRules() throws IOException {
        Files.delete(directory.resolve("products.yaml"));
        Files.delete(directory);

        RuleReloader.Outcome outcome = reloader.reload("test");

        assertThat(outcome.applied()).isFalse();
        assertThat(outcome.errors()).extracting(RuleProblem::message).containsExactly("no such directory");
        assertThat(rules.current().ruleNames()).containsExactly("product-changed");
    }
}
