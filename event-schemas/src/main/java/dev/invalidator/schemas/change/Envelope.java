package dev.invalidator.schemas.change;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/**
 * A record's JSON with or without the JsonConverter's {@code schema}/{@code payload} wrapper.
 *
 * @param payload the data: the whole root without a wrapper
 * @param schema  the Connect schema, or null without a wrapper
 * @param path    JSON pointer prefix of the payload, for error messages
 */
record Envelope(JsonNode payload, JsonNode schema, String path) {

    static Envelope of(JsonNode root, String pathPrefix) {
        if (root.isObject() && root.size() == 2 && root.has("schema") && root.has("payload")) {
            JsonNode schema = root.get("schema");
            return new Envelope(root.get("payload"), schema.isObject() ? schema : null, pathPrefix + "/payload");
        }
        return new Envelope(root, null, pathPrefix);
    }

    /** Field name to field schema of the struct named {@code field} in this schema; empty without a schema. */
    Map<String, JsonNode> structFieldSchemas(String field) {
        if (schema == null) {
            return Map.of();
        }
        for (JsonNode candidate : schema.path("fields")) {
            if (field.equals(candidate.path("field").asText(null))) {
                return fieldsOf(candidate);
            }
        }
        return Map.of();
    }

    /** Field name to field schema of the schema itself (a record key's struct). */
    Map<String, JsonNode> rootFieldSchemas() {
        return schema == null ? Map.of() : fieldsOf(schema);
    }

    private static Map<String, JsonNode> fieldsOf(JsonNode struct) {
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode fieldSchema : struct.path("fields")) {
            JsonNode name = fieldSchema.get("field");
            if (name != null && name.isTextual()) {
                byName.put(name.textValue(), fieldSchema);
            }
        }
        return byName;
    }
}
