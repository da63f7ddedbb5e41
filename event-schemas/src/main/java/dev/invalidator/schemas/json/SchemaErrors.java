package dev.invalidator.schemas.json;

import com.networknt.schema.Error;

import tools.jackson.databind.JsonNode;

/**
 * Turns the validator's errors into {@link Violation}s that point at the field a person has to fix.
 *
 * <p>The validator reports a missing or unknown field at the object that holds it ({@code : required property 'id'
 * not found}); a reader wants {@code /id: is required}, so those two keywords are re-pointed at the field itself.
 * Type errors are reworded to say what the field must be first. Every other keyword keeps the validator's message,
 * or the schema's own {@code errorMessage} text where the schema gives one.
 */
final class SchemaErrors {

    private SchemaErrors() {
    }

    static Violation toViolation(Error error) {
        String location = error.getInstanceLocation().toString();
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        if (error.isCustomMessage()) {
            return new Violation(display(location), error.getMessage());
        }
        switch (keyword) {
            case "required":
                return new Violation(display(child(location, error.getProperty())), "is required");
            case "additionalProperties":
                return new Violation(display(child(location, error.getProperty())),
                        "is not a field of this message (unknown fields are rejected)");
            case "type":
                return new Violation(display(location), typeMessage(error));
            default:
                return new Violation(display(location), error.getMessage());
        }
    }

    private static String typeMessage(Error error) {
        JsonNode expected = error.getSchemaNode();
        if (expected == null || !expected.isString()) {
            return error.getMessage();
        }
        return "must be " + JsonTypes.withArticle(expected.stringValue())
                + ", found " + JsonTypes.nameOf(error.getInstanceNode());
    }

    /** The pointer of a field inside the object at {@code parent}, escaped as RFC 6901 requires. */
    private static String child(String parent, String property) {
        if (property == null) {
            return parent;
        }
        return parent + "/" + property.replace("~", "~0").replace("/", "~1");
    }

    private static String display(String pointer) {
        return pointer.isEmpty() ? "/" : pointer;
    }
}
