package dev.invalidator.service.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.invalidator.rules.engine.LiveRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher on the real file system: edits, new files in new directories, bursts, bad edits. */
class RuleFileWatcherIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    private Path directory;
    private LiveRules rules;
    private RuleReloader reloader;
    private RuleFileWatcher watcher;

    @BeforeEach
    void loadOneRule() throws IOException {
        directory = temp.resolve("rules");
        TestRules.write(directory.resolve("shop/products.yaml"),
                TestRules.rule("product-changed", "shop.public.products", "product:{id}"));
        rules = TestRules.load(directory);
        reloader = new RuleReloader(rules, directory, Clock.systemUTC());
    }

    @AfterEach
    void stopWatching() {
        if (watcher != null) {
            watcher.close();
        }
    }

    @Test
    void start_fileEdited_reloadsTheRules() throws IOException {
        watcher = RuleFileWatcher.start(reloader);

        TestRules.write(directory.resolve("shop/products.yaml"),
                TestRules.rule("product-renamed", "shop.public.products", "product:{id}"));

        await().atMost(WAIT).until(() -> rules.current().ruleNames().contains("product-renamed"));
        assertThat(rules.current().ruleNames()).containsExactly("product-renamed");
    }

    @Test
    void start_newFileInNewSubdirectory_reloadsWithIt() throws IOException {
        watcher = RuleFileWatcher.start(reloader);

        TestRules.write(directory.resolve("orders/archive/orders.yaml"),
                TestRules.rule("order-changed", "shop.public.orders", "order:{id}"));

        await().atMost(WAIT).until(() -> rules.current().ruleNames().contains("order-changed"));
    }

    @Test
    void start_fileEditedInASubdirectoryCreatedAfterStart_reloadsAgain() throws IOException {
        watcher = RuleFileWatcher.start(reloader);
        Path orders = TestRules.write(directory.resolve("orders/orders.yaml"),
                TestRules.rule("order-changed", "shop.public.orders", "order:{id}"));
        await().atMost(WAIT).until(() -> rules.current().ruleNames().contains("order-changed"));

        // Only a watch on the new directory sees this edit: nothing else changes.
        TestRules.write(orders, TestRules.rule("order-renamed", "shop.public.orders", "order:{id}"));

        await().atMost(WAIT).until(() -> rules.current().ruleNames().contains("order-renamed"));
    }

    @Test
    void start_editorSaveBurst_reloadsOnce() throws IOException {
        // A long debounce, so that the burst below fits in it even on a busy machine.
        watcher = RuleFileWatcher.start(reloader, Duration.ofSeconds(1));
        Path file = directory.resolve("shop/products.yaml");
        String renamed = TestRules.rule("product-renamed", "shop.public.products", "product:{id}");

        // What editors do on save: a temporary file, renamed over the original, then written again.
        Path swap = TestRules.write(directory.resolve("shop/.products.yaml.swp"), renamed);
        Files.move(swap, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(file, renamed);
        Files.writeString(file, renamed);

        await().atMost(WAIT).until(() -> rules.current().ruleNames().contains("product-renamed"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> reloader.status().reloads() == 1);
    }

    @Test
    void start_badEdit_keepsTheOldRulesAndReportsTheErrors() throws IOException {
        watcher = RuleFileWatcher.start(reloader);

        TestRules.write(directory.resolve("shop/products.yaml"), TestRules.UNKNOWN_FIELD);

        await().atMost(WAIT).until(() -> reloader.status().lastFailed().isPresent());
        assertThat(reloader.status().lastFailed().get().errors())
                .anyMatch(error -> error.startsWith("rules/shop/products.yaml:7:7: unknown field 'patern'"));
        assertThat(rules.current().ruleNames()).containsExactly("product-changed");
    }

    @Test
    void start_otherFilesChanged_doesNotReload() throws IOException {
        watcher = RuleFileWatcher.start(reloader, Duration.ofMillis(100));

        Files.writeString(directory.resolve("shop/notes.txt"), "not a rule file");
        Files.writeString(directory.resolve("shop/.products.yaml.swp"), "an editor's swap file");

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                .until(() -> reloader.status().reloads() == 0);
    }

    @Test
    void close_stopsWatching() throws IOException {
        watcher = RuleFileWatcher.start(reloader);
        watcher.close();

        TestRules.write(directory.resolve("shop/products.yaml"),
                TestRules.rule("product-renamed", "shop.public.products", "product:{id}"));

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                .until(() -> reloader.status().reloads() == 0);
    }

    @Test
    void start_missingDirectory_failsNamingIt() {
        RuleReloader missing = new RuleReloader(rules, temp.resolve("nowhere"), Clock.systemUTC());

        assertThatThrownBy(() -> RuleFileWatcher.start(missing))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("nowhere").hasMessageContaining("not a directory");
    }
}
