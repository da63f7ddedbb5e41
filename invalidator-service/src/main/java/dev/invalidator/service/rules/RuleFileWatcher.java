package dev.invalidator.service.rules;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the rules when their files change: watches the rules directory and every directory under it (new ones
 * too), waits until changes have been quiet for the debounce time so that an editor's save (write a temporary file,
 * rename, write again) reloads once, then reloads through {@link RuleReloader}, which logs the outcome and keeps
 * the old rules when the new files are bad. Runs on its own daemon thread until {@link #close()}.
 */
public final class RuleFileWatcher implements AutoCloseable {

    /** What an editor's save burst fits in. */
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(200);

    private static final Logger LOG = LoggerFactory.getLogger(RuleFileWatcher.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);
    /** A steady stream of changes (a copy of many files) still reloads after this many debounce times. */
    private static final int MAX_DEBOUNCES = 10;

    private final RuleReloader reloader;
    private final Duration debounce;
    private final WatchService watchService;
    private final Map<WatchKey, Path> watched = new HashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    private RuleFileWatcher(RuleReloader reloader, Duration debounce, WatchService watchService) {
        this.reloader = reloader;
        this.debounce = debounce;
        this.watchService = watchService;
        this.thread = new Thread(this::run, "rule-file-watcher");
        this.thread.setDaemon(true);
    }

    /** Starts watching {@code reloader}'s directory with the {@linkplain #DEFAULT_DEBOUNCE default debounce}. */
    public static RuleFileWatcher start(RuleReloader reloader) throws IOException {
        return start(reloader, DEFAULT_DEBOUNCE);
    }

    /**
     * Starts watching {@code reloader}'s directory.
     *
     * @throws IOException when the directory cannot be watched (it does not exist, or the system's watch limit is
     *                     reached), naming the directory
     */
    public static RuleFileWatcher start(RuleReloader reloader, Duration debounce) throws IOException {
        Objects.requireNonNull(reloader, "reloader");
        if (debounce.isNegative() || debounce.isZero()) {
            throw new IllegalArgumentException("debounce must be positive, got " + debounce);
        }
        Path directory = reloader.directory();
        if (!Files.isDirectory(directory)) {
            throw new IOException("cannot watch the rules directory " + directory + ": not a directory");
        }
        WatchService service = directory.getFileSystem().newWatchService();
        RuleFileWatcher watcher = new RuleFileWatcher(reloader, debounce, service);
        try {
            watcher.registerTree(directory);
        } catch (IOException e) {
            service.close();
            throw new IOException("cannot watch the rules directory " + directory + ": " + e.getMessage(), e);
        }
        watcher.thread.start();
        LOG.info("watching {} for rule file changes", directory);
        return watcher;
    }

    private void run() {
        try {
            while (!closed) {
                boolean relevant = handle(watchService.take());
                // Collect the rest of the burst: reload once changes have been quiet for the debounce time.
                long deadline = System.nanoTime() + debounce.toNanos() * MAX_DEBOUNCES;
                WatchKey next;
                while (System.nanoTime() < deadline
                        && (next = watchService.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    relevant |= handle(next);
                }
                if (relevant && !closed) {
                    reload();
                }
            }
        } catch (ClosedWatchServiceException e) {
            // close() was called: the normal way out.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("stopped watching {}", reloader.directory());
    }

    private void reload() {
        try {
            reloader.reload("file change");
        } catch (RuntimeException e) {
            // Keep watching: the next edit may fix what broke this reload, and the old rules are still in force.
            LOG.error("reloading the rules in {} failed; the rules in force stay", reloader.directory(), e);
        }
    }

    /** Takes one key's events; true when one of them may change the rules. */
    private boolean handle(WatchKey key) {
        Path directory = watched.get(key);
        boolean relevant = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == OVERFLOW) {
                // Events were lost: what changed is unknown, so reload, and watch directories that may be new.
                relevant = true;
                registerNewDirectories(reloader.directory());
                continue;
            }
            if (directory == null) {
                continue;
            }
            Path path = directory.resolve((Path) event.context());
            if (event.kind() == ENTRY_CREATE && Files.isDirectory(path)) {
                registerNewDirectories(path);
                relevant = true;
            } else if (isRuleFile(path) || watched.containsValue(path)) {
                relevant = true;
            }
        }
        if (!key.reset()) {
            // The directory is gone (deleted or moved): its key is dead.
            watched.remove(key);
            if (reloader.directory().equals(directory)) {
                LOG.error("the rules directory {} is gone: rule files are no longer watched, and the rules in force "
                        + "stay until the service restarts", directory);
            }
        }
        return relevant;
    }

    private void registerNewDirectories(Path top) {
        try {
            registerTree(top);
        } catch (IOException e) {
            LOG.error("cannot watch {}: changes under it reload the rules only with other changes", top, e);
        }
    }

    private void registerTree(Path top) throws IOException {
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                if (!watched.containsValue(dir)) {
                    watched.put(dir.register(watchService, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE), dir);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The files the rules loader reads (see {@code RuleDirectoryLoader}): editors' temporary files are not. */
    private static boolean isRuleFile(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return (name.endsWith(".yaml") || name.endsWith(".yml")) && !name.startsWith(".");
    }

    /** Stops watching; returns once the watcher's thread has ended (a reload under way finishes first). */
    @Override
    public void close() {
        closed = true;
        try {
            watchService.close();
        } catch (IOException e) {
            LOG.warn("closing the watch service of {} failed", reloader.directory(), e);
        }
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("rule file watcher did not stop within {}", CLOSE_TIMEOUT);
        }
    }
}
