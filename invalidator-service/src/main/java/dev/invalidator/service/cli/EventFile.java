package dev.invalidator.service.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.invalidator.service.rules.EventInput;
import dev.invalidator.service.rules.EventJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads change events for the {@code rules} verbs: one event or JSON Lines of them, each in a form {@link EventJson}
 * reads.
 */
final class EventFile {

    private final ObjectMapper mapper = new ObjectMapper();
    private final EventJson events = new EventJson(mapper);

    List<EventInput> read(Path file) throws IOException {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        JsonNode whole = parseWhole(content);
        if (whole != null) {
            return List.of(events.read(file + ":1", whole));
        }
        List<EventInput> inputs = new ArrayList<>();
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String origin = file + ":" + (i + 1);
            try {
                inputs.add(events.read(origin, mapper.readTree(lines[i])));
            } catch (JsonProcessingException e) {
                inputs.add(EventInput.unreadable(origin, "not JSON: " + e.getOriginalMessage()));
            }
        }
        return inputs;
    }

    /** The file as one JSON value (an event written over several lines), or null when it is JSON Lines. */
    private JsonNode parseWhole(String content) {
        try (var parser = mapper.createParser(content)) {
            JsonNode node = mapper.readTree(parser);
            return node != null && parser.nextToken() == null ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
