package dev.invalidator.schemas.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the shipped schema files as plain JSON, for tests that check what they declare. */
public final class SchemaFiles {

    private SchemaFiles() {
    }

    public static JsonNode read(String resource) {
        try (InputStream in = SchemaFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            return JsonMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The JSON pointer of every property declaration (a schema under {@code properties}, outside conditions) that
     * has no {@code description}.
     */
    public static List<String> propertiesWithoutDescription(JsonNode schema) {
        List<String> missing = new ArrayList<>();
        collect(schema, "", missing);
        return missing;
    }

    private static void collect(JsonNode node, String pointer, List<String> missing) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String childPointer = pointer + "/" + field.getKey();
                if (field.getKey().equals("properties") && field.getValue().isObject()) {
                    for (Map.Entry<String, JsonNode> property : field.getValue().properties()) {
                        JsonNode propertySchema = property.getValue();
                        // "true" marks a property another branch already describes (a cause's "type").
                        boolean describedElsewhere = propertySchema.isBoolean();
                        // Under "not" and "if" a property schema is a condition, not the field's declaration.
                        boolean isConstraintOnly = pointer.contains("/not") || pointer.contains("/if");
                        if (!describedElsewhere && !isConstraintOnly && !propertySchema.has("description")) {
                            missing.add(childPointer + "/" + property.getKey());
                        }
                    }
                }
                collect(field.getValue(), childPointer, missing);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), pointer + "/" + i, missing);
            }
        }
    }
}
