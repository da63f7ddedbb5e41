package dev.invalidator.schemas.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the golden samples: {@code golden/<database>/<scenario>.jsonl} on the test class path, one
 * {@link GoldenRecord} per line.
 *
 * <pre>{@code
 * List<GoldenRecord> records = GoldenSamples.load("postgres", "pg-default-identity-schemas-on");
 * reader.read(records.get(0).keyBytes(), records.get(0).valueBytes(), records.get(0).coordinates());
 * }</pre>
 */
public final class GoldenSamples {

    /** The folder on the class path that holds one folder per database. */
    public static final String RESOURCE_ROOT = "/golden";

    private static final ObjectMapper JSON = new ObjectMapper();

    private GoldenSamples() {
    }

    /** The records of one committed sample, in file order. */
    public static List<GoldenRecord> load(String database, String scenario) {
        return read(root().resolve(database).resolve(scenario + ".jsonl"));
    }

    /** The committed samples' root folder (the copy on the test class path). */
    public static Path root() {
        URL url = GoldenSamples.class.getResource(RESOURCE_ROOT);
        if (url == null) {
            throw new IllegalStateException("no " + RESOURCE_ROOT + " on the test class path");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every sample under {@code root}: database folder name to scenario names (file names without .jsonl), sorted. */
    public static Map<String, List<String>> scenarios(Path root) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        try (Stream<Path> dbs = Files.list(root)) {
            for (Path db : dbs.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(db)) {
                    List<String> names = files
                            .map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".jsonl"))
                            .map(n -> n.substring(0, n.length() - ".jsonl".length()))
                            .sorted()
                            .toList();
                    if (!names.isEmpty()) {
                        result.put(db.getFileName().toString(), names);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    /** Reads one sample file. */
    public static List<GoldenRecord> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<GoldenRecord> records = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                records.add(parse(line));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return records;
    }

    /** Parses one line of a sample file. */
    public static GoldenRecord parse(String line) throws IOException {
        JsonNode node = JSON.readTree(line);
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode h = node.path("headers");
        for (Map.Entry<String, JsonNode> e : h.properties()) {
            headers.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
        }
        return new GoldenRecord(
                node.get("topic").asText(),
                node.path("partition").asInt(0),
                node.get("offset").asLong(),
                text(node.get("key")),
                text(node.get("value")),
                headers);
    }

    /** One record as a line of a sample file (no line break). */
    public static String format(GoldenRecord record) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("topic", record.topic());
        line.put("partition", record.partition());
        line.put("offset", record.offset());
        line.put("key", record.key());
        line.put("value", record.value());
        line.put("headers", record.headers());
        try {
            return JSON.writeValueAsString(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
