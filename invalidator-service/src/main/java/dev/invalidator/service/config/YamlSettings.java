package dev.invalidator.service.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a configuration file into flat settings keyed by dotted path, each with its {@code file:line:column}. Nested
 * mappings and dotted keys are the same thing: {@code kafka: {group.id: x}} and {@code kafka.group.id: x} both set
 * {@code kafka.group.id}.
 */
final class YamlSettings {

    /** The shape of a value as written. */
    enum Shape { SCALAR, SEQUENCE, MAPPING, NULL }

    /**
     * One value from the file.
     *
     * @param key    dotted path
     * @param source {@code file:line:column} of the value
     * @param shape  what was written there
     * @param text   a scalar's text, or null
     * @param items  a sequence's items (scalars' text), or empty
     */
    record Setting(String key, String source, Shape shape, String text, List<String> items) {
    }

    private final YAMLFactory factory = YAMLFactory.builder().build();

    /** @return the settings in file order; problems (syntax, duplicates, nested sequences) are added to the list */
    List<Setting> read(String file, String content, List<String> leafKeys, List<ConfigProblem> problems) {
        List<Setting> settings = new ArrayList<>();
        try (JsonParser parser = factory.createParser(content)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return settings;
            }
            if (first != JsonToken.START_OBJECT) {
                problems.add(new ConfigProblem(source(file, parser.currentTokenLocation()), "(file)",
                        "expected a mapping of configuration keys"));
                return settings;
            }
            readMapping(parser, file, "", leafKeys, settings, problems);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            problems.add(new ConfigProblem(at == null ? file : source(file, at), "(file)",
                    "YAML syntax: " + firstLine(e.getOriginalMessage())));
        } catch (IOException e) {
            problems.add(new ConfigProblem(file, "(file)", "cannot read: " + e.getMessage()));
        }
        return noDuplicates(settings, problems);
    }

    private void readMapping(JsonParser parser, String file, String prefix, List<String> leafKeys,
                             List<Setting> settings, List<ConfigProblem> problems) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = prefix.isEmpty() ? parser.currentName() : prefix + "." + parser.currentName();
            JsonToken token = parser.nextToken();
            String at = source(file, parser.currentTokenLocation());
            if (token == JsonToken.START_OBJECT) {
                if (leafKeys.contains(key)) {
                    settings.add(new Setting(key, at, Shape.MAPPING, null, List.of()));
                    parser.skipChildren();
                } else {
                    readMapping(parser, file, key, leafKeys, settings, problems);
                }
            } else if (token == JsonToken.START_ARRAY) {
                Setting sequence = readSequence(parser, file, key, at, problems);
                if (sequence != null) {
                    settings.add(sequence);
                }
            } else if (token == JsonToken.VALUE_NULL) {
                settings.add(new Setting(key, at, Shape.NULL, null, List.of()));
            } else {
                settings.add(new Setting(key, at, Shape.SCALAR, parser.getText(), List.of()));
            }
        }
    }

    /** @return the sequence, or null when it held nested structures (reported as problems) */
    private static Setting readSequence(JsonParser parser, String file, String key, String at,
                                        List<ConfigProblem> problems) throws IOException {
        List<String> items = new ArrayList<>();
        boolean nested = false;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                problems.add(new ConfigProblem(source(file, parser.currentTokenLocation()), key,
                        "expected a list of plain values, got a nested " + (token == JsonToken.START_OBJECT
                                ? "mapping" : "list")));
                parser.skipChildren();
                nested = true;
            } else if (token != JsonToken.VALUE_NULL) {
                items.add(parser.getText());
            }
        }
        return nested ? null : new Setting(key, at, Shape.SEQUENCE, null, List.copyOf(items));
    }

    private static List<Setting> noDuplicates(List<Setting> settings, List<ConfigProblem> problems) {
        Map<String, Setting> first = new HashMap<>();
        List<Setting> unique = new ArrayList<>();
        for (Setting setting : settings) {
            Setting earlier = first.putIfAbsent(setting.key(), setting);
            if (earlier == null) {
                unique.add(setting);
            } else {
                problems.add(new ConfigProblem(setting.source(), setting.key(),
                        "set twice (first at " + earlier.source() + ")"));
            }
        }
        return unique;
    }

    private static String source(String file, JsonLocation at) {
        return file + ":" + Math.max(1, at.getLineNr()) + ":" + Math.max(1, at.getColumnNr());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        return message.strip().lines().findFirst().orElse("unreadable");
    }
}
