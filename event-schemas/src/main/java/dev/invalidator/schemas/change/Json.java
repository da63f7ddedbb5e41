package dev.invalidator.schemas.change;

import com.fasterxml.jackson.databind.JsonNode;

/** Typed access to fields of an envelope that must be present and of one JSON type, else the record is malformed. */
final class Json {

    private Json() {
    }

    static JsonNode object(JsonNode parent, String field, String path) throws MalformedRecordException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw new MalformedRecordException(path + "/" + field, "required field '" + field + "' is missing");
        }
        if (!node.isObject()) {
            throw new MalformedRecordException(path + "/" + field,
                    "'" + field + "' must be an object, found " + typeName(node));
        }
        return node;
    }

    /** An object, or null when the field is absent or JSON null. */
    static JsonNode optionalObject(JsonNode parent, String field, String path) throws MalformedRecordException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new MalformedRecordException(path + "/" + field,
                    "'" + field + "' must be an object or null, found " + typeName(node));
        }
        return node;
    }

    static String text(JsonNode parent, String field, String path) throws MalformedRecordException {
        String value = optionalText(parent, field, path);
        if (value == null) {
            throw new MalformedRecordException(path + "/" + field, "required field '" + field + "' is missing");
        }
        return value;
    }

    static String optionalText(JsonNode parent, String field, String path) throws MalformedRecordException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new MalformedRecordException(path + "/" + field,
                    "'" + field + "' must be a string, found " + typeName(node));
        }
        return node.textValue();
    }

    static long longValue(JsonNode parent, String field, String path) throws MalformedRecordException {
        Long value = optionalLong(parent, field, path);
        if (value == null) {
            throw new MalformedRecordException(path + "/" + field, "required field '" + field + "' is missing");
        }
        return value;
    }

    static Long optionalLong(JsonNode parent, String field, String path) throws MalformedRecordException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new MalformedRecordException(path + "/" + field,
                    "'" + field + "' must be an integer within 64 bits, found " + describe(node));
        }
        return node.longValue();
    }

    static String typeName(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case BINARY -> "binary";
            case BOOLEAN -> "a boolean";
            case MISSING, NULL -> "null";
            case NUMBER -> "a number";
            case OBJECT -> "an object";
            case POJO -> "an object";
            case STRING -> "a string";
        };
    }

    /** The type and, for short scalars, the value: enough to recognise the fault without flooding a log line. */
    static String describe(JsonNode node) {
        if (node.isValueNode()) {
            String text = node.toString();
            return typeName(node) + " " + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
        }
        return typeName(node);
    }
}
