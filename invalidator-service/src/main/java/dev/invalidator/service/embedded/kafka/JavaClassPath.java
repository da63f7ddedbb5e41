package dev.invalidator.service.embedded.kafka;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * This JVM's class path ({@code java.class.path}) with absolute entries, handed to child JVMs so they run the same
 * code: from Maven it lists the module's dependencies, from {@code invalidator.jar} it is that one jar.
 */
final class JavaClassPath {

    private final List<Path> entries;

    private JavaClassPath(List<Path> entries) {
        this.entries = List.copyOf(entries);
    }

    static JavaClassPath current() {
        List<Path> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(Path.of(entry).toAbsolutePath());
            }
        }
        return new JavaClassPath(entries);
    }

    /** A class path of the given entries, e.g. {@code invalidator.jar} alone. */
    static JavaClassPath of(List<Path> entries) {
        List<Path> absolute = new ArrayList<>();
        for (Path entry : entries) {
            absolute.add(entry.toAbsolutePath());
        }
        return new JavaClassPath(absolute);
    }

    /** The class path as one {@code -cp} argument. */
    String asArgument() {
        List<String> paths = new ArrayList<>();
        for (Path entry : entries) {
            paths.add(entry.toString());
        }
        return String.join(File.pathSeparator, paths);
    }

    /**
     * Fails unless some entry holds the class, naming the artifact that brings it: a child JVM started on this class
     * path would otherwise die with a bare {@link ClassNotFoundException}.
     */
    void requireClass(String className, String artifact) {
        String resource = className.replace('.', '/') + ".class";
        for (Path entry : entries) {
            if (holds(entry, resource)) {
                return;
            }
        }
        throw new EmbeddedKafkaException("The embedded Kafka broker runs " + className + " from " + artifact
                + ", which is not on this JVM's class path (java.class.path has " + entries.size() + " entries: "
                + abbreviated() + "). Run from invalidator.jar or a build that depends on " + artifact + ".");
    }

    private static boolean holds(Path entry, String resource) {
        if (Files.isDirectory(entry)) {
            return Files.isRegularFile(entry.resolve(resource));
        }
        if (!Files.isRegularFile(entry)) {
            return false;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            return jar.getEntry(resource) != null;
        } catch (IOException e) {
            return false;
        }
    }

    private String abbreviated() {
        String all = asArgument();
        return all.length() <= 400 ? all : all.substring(0, 400) + "...";
    }
}
