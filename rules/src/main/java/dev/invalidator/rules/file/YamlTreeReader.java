package dev.invalidator.rules.file;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads one YAML document into a {@link YamlNode} tree, noting duplicate keys as problems rather than stopping. */
final class YamlTreeReader {

    private final YAMLFactory factory = YAMLFactory.builder().build();

    /** Thrown for YAML that cannot be read at all; carries where the reading stopped. */
    static final class YamlSyntaxException extends Exception {
        private final SourceLocation location;

        YamlSyntaxException(SourceLocation location, String message) {
            super(message, null, false, false);
            this.location = location;
        }

        SourceLocation location() {
            return location;
        }
    }

    /**
     * @return the document's root, or null for an empty file
     */
    YamlNode read(String file, String content, List<RuleProblem> problems) throws YamlSyntaxException {
        try (JsonParser parser = factory.createParser(content)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            YamlNode root = readValue(parser, file, content.split("\n", -1), problems);
            JsonToken after = parser.nextToken();
            if (after != null) {
                throw new YamlSyntaxException(location(file, parser.currentTokenLocation()),
                        "a rule file holds one YAML document; found another after the first");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new YamlSyntaxException(at == null ? new SourceLocation(file, 1, 1) : location(file, at),
                    "YAML syntax: " + yamlMessage(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new YamlSyntaxException(new SourceLocation(file, 1, 1), "cannot read: " + e.getMessage());
        }
    }

    private YamlNode readValue(JsonParser parser, String file, String[] lines, List<RuleProblem> problems)
            throws IOException {
        SourceLocation at = location(file, parser.currentTokenLocation());
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> readMapping(parser, file, lines, at, problems);
            case START_ARRAY -> readSequence(parser, file, lines, at, problems);
            case VALUE_STRING -> new YamlNode.Scalar(parser.getText(), contentStart(at, lines));
            case VALUE_NUMBER_INT -> new YamlNode.Scalar(integral(parser), at);
            case VALUE_NUMBER_FLOAT -> new YamlNode.Scalar(parser.getDecimalValue(), at);
            case VALUE_TRUE -> new YamlNode.Scalar(Boolean.TRUE, at);
            case VALUE_FALSE -> new YamlNode.Scalar(Boolean.FALSE, at);
            case VALUE_NULL -> new YamlNode.Scalar(null, at);
            default -> new YamlNode.Scalar(parser.getText(), at);
        };
    }

    private static Object integral(JsonParser parser) throws IOException {
        return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? parser.getBigIntegerValue() : parser.getLongValue();
    }

    private YamlNode.Mapping readMapping(JsonParser parser, String file, String[] lines, SourceLocation at,
                                         List<RuleProblem> problems) throws IOException {
        List<YamlNode.Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            SourceLocation keyAt = location(file, parser.currentTokenLocation());
            parser.nextToken();
            YamlNode value = readValue(parser, file, lines, problems);
            if (!seen.add(key)) {
                problems.add(RuleProblem.error(keyAt, "duplicate key '" + key + "'"));
                continue;
            }
            entries.add(new YamlNode.Entry(key, keyAt, value));
        }
        return new YamlNode.Mapping(List.copyOf(entries), at);
    }

    private YamlNode.Sequence readSequence(JsonParser parser, String file, String[] lines, SourceLocation at,
                                           List<RuleProblem> problems) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            items.add(readValue(parser, file, lines, problems));
        }
        return new YamlNode.Sequence(List.copyOf(items), at);
    }

    /**
     * Where a string's text starts: one past the opening quote of a quoted scalar, so that a position inside the text
     * (of a template or a condition) adds up to the right column.
     */
    private static SourceLocation contentStart(SourceLocation at, String[] lines) {
        if (at.line() > lines.length) {
            return at;
        }
        String line = lines[at.line() - 1];
        int index = at.column() - 1;
        if (index < line.length() && (line.charAt(index) == '"' || line.charAt(index) == '\'')) {
            return at.plusColumns(1);
        }
        return at;
    }

    private static SourceLocation location(String file, JsonLocation at) {
        return new SourceLocation(file, Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
    }

    /**
     * The YAML library's message without its own position lines and source snippets, which the location already
     * gives: "while parsing a flow sequence: expected ',' or ']', but got <stream end>".
     */
    private static String yamlMessage(String message) {
        if (message == null) {
            return "unreadable";
        }
        List<String> parts = new ArrayList<>();
        for (String line : message.split("\n")) {
            String trimmed = line.strip();
            boolean position = trimmed.startsWith("in '") || trimmed.startsWith("at [Source");
            boolean snippet = line.startsWith(" ") || trimmed.equals("^");
            if (!trimmed.isEmpty() && !position && !snippet) {
                parts.add(trimmed);
            }
        }
        return parts.isEmpty() ? message.strip() : String.join(": ", parts);
    }
}
