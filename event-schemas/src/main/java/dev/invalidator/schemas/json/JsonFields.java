package dev.invalidator.schemas.json;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads fields out of, and writes them into, JSON objects that a {@link MessageSchema} already checked, so types
 * are known and absent optional fields take their defaults. Explicit code rather than data binding: the wire names
 * and defaults stay visible next to the schema they follow.
 */
public final class JsonFields {

    private JsonFields() {
    }

    /** The string field, or null when absent. */
    public static String text(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value == null ? null : value.stringValue();
    }

    /** The array-of-strings field, or an empty list when absent. */
    public static List<String> strings(JsonNode object, String field) {
        JsonNode array = object.get(field);
        if (array == null) {
            return List.of();
        }
        List<String> values = new ArrayList<>(array.size());
        for (JsonNode item : array) {
            values.add(item.stringValue());
        }
        return values;
    }

    /** The boolean field, or false when absent. */
    public static boolean flag(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value != null && value.booleanValue();
    }

    /** The integer field; the schema makes it required and bounds it to a long. */
    public static long integer(JsonNode object, String field) {
        return object.get(field).longValue();
    }

    public static void putStrings(ObjectNode object, String field, List<String> values) {
        ArrayNode array = object.putArray(field);
        for (String value : values) {
            array.add(value);
        }
    }
}
