package dev.invalidator.schemas.json;

import tools.jackson.databind.JsonNode;

/** Names of JSON value types as JSON Schema spells them, for error messages. */
final class JsonTypes {

    private JsonTypes() {
    }

    static String nameOf(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isObject()) {
            return "object";
        }
        if (node.isArray()) {
            return "array";
        }
        if (node.isString()) {
            return "string";
        }
        if (node.isIntegralNumber()) {
            return "integer";
        }
        if (node.isNumber()) {
            return "number";
        }
        if (node.isBoolean()) {
            return "boolean";
        }
        if (node.isNull()) {
            return "null";
        }
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** "a string", "an object", "an integer": the type name with its article. */
    static String withArticle(String typeName) {
        boolean vowel = !typeName.isEmpty() && "aeiou".indexOf(typeName.charAt(0)) >= 0;
        return (vowel ? "an " : "a ") + typeName;
    }
}
