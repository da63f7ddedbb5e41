package dev.invalidator.schemas.change;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The fuzz seeds: every {@code golden/**}{@code /*.jsonl} file on the test classpath, the samples recorded from real
 * Debezium runs (their own loader, which reads one scenario by name, lives with the recorder). Each line is one record as recorded:
 * {@code {"topic","partition","offset","key","value","headers"}}, with key and value the JSON text Debezium wrote
 * (or null). The files are found by walking the folder rather than listed by name, so recordings added later are
 * picked up without touching the tests.
 */
final class FuzzSeeds {

    static final String ROOT = "golden";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FuzzSeeds() {
    }

    /** All samples, in file then line order; fails when there are none, since every caller needs at least one. */
    static List<FuzzSeed> load() {
        List<FuzzSeed> samples = new ArrayList<>();
        for (Path file : files()) {
            samples.addAll(read(file));
        }
        if (samples.isEmpty()) {
            throw new IllegalStateException("no samples in " + ROOT + "/**/*.jsonl on the test classpath");
        }
        return List.copyOf(samples);
    }

    private static List<Path> files() {
        List<Path> files = new ArrayList<>();
        try {
            Enumeration<URL> roots = FuzzSeeds.class.getClassLoader().getResources(ROOT);
            for (URL root : Collections.list(roots)) {
                try (Stream<Path> walk = Files.walk(folder(root.toURI()))) {
                    walk.filter(path -> path.getFileName().toString().endsWith(".jsonl")).sorted().forEach(files::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return files;
    }

    /** The folder as a path, also when the test resources are packed in a jar. */
    private static Path folder(URI uri) throws IOException {
        if (!uri.getScheme().equals("jar")) {
            return Path.of(uri);
        }
        FileSystem jar;
        try {
            jar = FileSystems.newFileSystem(uri, Map.of());
        } catch (java.nio.file.FileSystemAlreadyExistsException e) {
            jar = FileSystems.getFileSystem(uri);
        }
        return jar.provider().getPath(uri);
    }

    private static List<FuzzSeed> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String name = file.toString().replace('\\', '/');
        name = name.substring(name.lastIndexOf("/" + ROOT + "/") + 1);
        List<FuzzSeed> samples = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                samples.add(sample(name + ":" + (i + 1), lines.get(i)));
            }
        }
        return samples;
    }

    private static FuzzSeed sample(String source, String line) {
        JsonNode record;
        try {
            record = MAPPER.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException(source + ": not a JSON line: " + e.getMessage(), e);
        }
        return new FuzzSeed(
                source,
                record.path("topic").isTextual() ? record.get("topic").textValue() : null,
                record.path("partition").asInt(0),
                record.path("offset").asLong(0),
                text(record, "key", source),
                text(record, "value", source));
    }

    /** The exact bytes Debezium wrote: the recording stores them as a JSON string, or null. */
    private static byte[] text(JsonNode record, String field, String source) {
        JsonNode node = record.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new IllegalStateException(source + ": '" + field + "' must be the record's JSON text as a string, or null");
        }
        return node.textValue().getBytes(StandardCharsets.UTF_8);
    }
}
