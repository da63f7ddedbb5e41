package dev.invalidator.schemas.change;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed record key or value that tree mutations edit in place, then write back with raw JSON text spliced in.
 *
 * <p>Splicing is what lets a mutation put in text a Jackson tree cannot hold: {@code 1e400}, a number of 1,200
 * digits, 100,000 nested brackets, a key that appears twice. The edit puts a marker string where the raw text goes;
 * writing replaces the marker's JSON form with the raw text.
 */
final class JsonDocument {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String VALUE_MARKER = "\u00a7fuzz-splice-value\u00a7";
    private static final String NAME_MARKER = "\u00a7fuzz-splice-name\u00a7";

    /**
     * A place that holds a JSON value: the root, an object member, or an array element.
     *
     * @param pointer the JSON pointer of the value
     * @param parent  the containing object or array; null for the root
     * @param field   the member name; null for the root and array elements
     * @param index   the array index; -1 otherwise
     */
    record Slot(String pointer, JsonNode parent, String field, int index, JsonNode value) {

        boolean isMember() {
            return field != null;
        }

        boolean isRoot() {
            return parent == null;
        }
    }

    private JsonNode root;

    private JsonDocument(JsonNode root) {
        this.root = root;
    }

    /** Empty when the bytes are absent or no longer JSON (an earlier mutation broke them): tree edits then pass. */
    static Optional<JsonDocument> parse(byte[] bytes) {
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            JsonNode node = MAPPER.readTree(bytes);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(new JsonDocument(node));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Every slot, parents before children, in document order. */
    List<Slot> slots() {
        List<Slot> slots = new ArrayList<>();
        collect(new Slot("", null, null, -1, root), slots);
        return slots;
    }

    private static void collect(Slot slot, List<Slot> into) {
        into.add(slot);
        JsonNode node = slot.value();
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                String name = member.getKey();
                collect(new Slot(slot.pointer() + "/" + escape(name), node, name, -1, member.getValue()), into);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(new Slot(slot.pointer() + "/" + i, node, null, i, node.get(i)), into);
            }
        }
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    /** The document with the slot's value replaced by raw text, which need not be valid JSON. */
    byte[] replace(Slot slot, String raw) {
        put(slot, TextNode.valueOf(VALUE_MARKER));
        return bytes(splice(write(), quoted(VALUE_MARKER), raw));
    }

    /** The document without the slot (an object member or array element); the root cannot be removed. */
    byte[] remove(Slot slot) {
        if (slot.isMember()) {
            ((ObjectNode) slot.parent()).remove(slot.field());
        } else if (!slot.isRoot()) {
            ((ArrayNode) slot.parent()).remove(slot.index());
        }
        return bytes(write());
    }

    /** The document with a member added to the object at {@code slot}, its value raw text. */
    byte[] addMember(Slot slot, String name, String raw) {
        ((ObjectNode) slot.value()).set(NAME_MARKER, TextNode.valueOf(VALUE_MARKER));
        String text = splice(write(), quoted(NAME_MARKER), quoted(name));
        return bytes(splice(text, quoted(VALUE_MARKER), raw));
    }

    /**
     * The document with the member at {@code slot} appearing twice in its object: the copy, holding raw text, goes
     * first or last, so that both "first wins" and "last wins" readings are exercised.
     */
    byte[] duplicateMember(Slot slot, String raw, boolean copyFirst) {
        ObjectNode parent = (ObjectNode) slot.parent();
        Map<String, JsonNode> members = new LinkedHashMap<>();
        if (copyFirst) {
            members.put(NAME_MARKER, TextNode.valueOf(VALUE_MARKER));
        }
        for (Map.Entry<String, JsonNode> member : parent.properties()) {
            members.put(member.getKey(), member.getValue());
        }
        if (!copyFirst) {
            members.put(NAME_MARKER, TextNode.valueOf(VALUE_MARKER));
        }
        parent.removeAll();
        parent.setAll(members);
        String text = splice(write(), quoted(NAME_MARKER), quoted(slot.field()));
        return bytes(splice(text, quoted(VALUE_MARKER), raw));
    }

    /** The slot's current value as JSON text. */
    static String text(Slot slot) {
        try {
            return MAPPER.writeValueAsString(slot.value());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void put(Slot slot, JsonNode value) {
        if (slot.isRoot()) {
            root = value;
        } else if (slot.isMember()) {
            ((ObjectNode) slot.parent()).set(slot.field(), value);
        } else {
            ((ArrayNode) slot.parent()).set(slot.index(), value);
        }
    }

    private String write() {
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quoted(String text) {
        try {
            return MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String splice(String text, String marker, String raw) {
        int at = text.indexOf(marker);
        if (at < 0) {
            throw new IllegalStateException("splice marker missing from " + text);
        }
        return text.substring(0, at) + raw + text.substring(at + marker.length());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
