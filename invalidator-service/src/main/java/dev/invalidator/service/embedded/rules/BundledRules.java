package dev.invalidator.service.embedded.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example rule set {@code rules/examples/shop}, which the build copies into this module's class path, written out
 * as a rules directory: the service watches a directory, and an operator can edit the copy.
 */
public final class BundledRules {

    private static final Logger LOG = LoggerFactory.getLogger(BundledRules.class);

    /** Class-path folder the build copies {@code rules/examples/shop/*.yaml} to. */
    public static final String RESOURCE_FOLDER = "dev/invalidator/service/embedded/rules/shop";

    private BundledRules() {
    }

    /**
     * Copies the bundled rule files into {@code directory} unless it exists already (then it is left as it is: it may
     * hold an operator's edits; delete it to get the bundled rules back).
     *
     * @return the directory
     */
    public static Path copyIfMissing(Path directory) {
        Path target = directory.toAbsolutePath();
        if (Files.isDirectory(target)) {
            LOG.info("rules from {} (kept from an earlier start; delete the directory to get the bundled ones back)",
                    target);
            return target;
        }
        try {
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            deleteLeftOver(partial);
            Files.createDirectories(partial);
            List<String> names = new ArrayList<>();
            forEachFile((name, content) -> {
                Files.copy(content, partial.resolve(name));
                names.add(name);
            });
            if (names.isEmpty()) {
                throw new IllegalStateException("no rule files under class-path folder " + RESOURCE_FOLDER);
            }
            // Renamed whole, so that a start interrupted halfway is not taken for a complete copy next time.
            Files.move(partial, target);
            LOG.info("rules: the bundled shop examples {} copied to {}", names, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the bundled rules to " + target + ": " + e.getMessage(), e);
        }
    }

    /** What a copy interrupted by an earlier start left behind. */
    private static void deleteLeftOver(Path partial) throws IOException {
        if (!Files.isDirectory(partial)) {
            return;
        }
        try (Stream<Path> files = Files.list(partial)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(partial);
    }

    @FunctionalInterface
    private interface FileAction {
        void accept(String name, InputStream content) throws IOException;
    }

    /** Lists the folder, from a directory (tests, an IDE) or from inside the jar. */
    private static void forEachFile(FileAction action) throws IOException {
        URL folder = BundledRules.class.getClassLoader().getResource(RESOURCE_FOLDER);
        if (folder == null) {
            throw new IllegalStateException("class-path folder " + RESOURCE_FOLDER + " is missing: build the module "
                    + "with Maven, which copies rules/examples/shop there");
        }
        FileSystem jar = null;
        try {
            Path root;
            if (folder.getProtocol().equals("jar")) {
                try {
                    jar = FileSystems.newFileSystem(folder.toURI(), Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    // Opened elsewhere in this JVM; leave it open for its owner.
                }
                root = jar != null ? jar.provider().getPath(folder.toURI()) : Path.of(folder.toURI());
            } else {
                root = Path.of(folder.toURI());
            }
            try (Stream<Path> files = Files.list(root)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                    try (InputStream in = Files.newInputStream(file)) {
                        action.accept(file.getFileName().toString(), in);
                    }
                }
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad class-path URL " + folder, e);
        } finally {
            if (jar != null) {
                jar.close();
            }
        }
    }
}
