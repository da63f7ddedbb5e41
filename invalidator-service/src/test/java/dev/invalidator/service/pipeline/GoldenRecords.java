package dev.invalidator.service.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The exact Debezium records captured under event-schemas' golden samples. */
final class GoldenRecords {

    static final Path POSTGRES = Path.of("../event-schemas/src/test/resources/golden/postgres");

    /** One captured record: key and value bytes as the connector wrote them (null for absent). */
    record Golden(String topic, byte[] key, byte[] value) {
    }

    private GoldenRecords() {
    }

    static List<Golden> read(String file) {
        ObjectMapper mapper = new ObjectMapper();
        try {
            return Files.readAllLines(POSTGRES.resolve(file)).stream()
                    .filter(line -> !line.isBlank())
                    .map(line -> {
                        try {
                            JsonNode node = mapper.readTree(line);
                            return new Golden(node.get("topic").asText(), bytes(node.get("key")),
                                    bytes(node.get("value")));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(JsonNode text) {
        return text == null || text.isNull() ? null : text.asText().getBytes(StandardCharsets.UTF_8);
    }
}
