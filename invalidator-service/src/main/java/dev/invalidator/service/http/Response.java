package dev.invalidator.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One answer: status, content type, body and extra headers. */
record Response(int status, String contentType, byte[] body, Map<String, String> headers) {

    static final String JSON = "application/json; charset=utf-8";
    /** Prometheus' text exposition format. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    Response {
        headers = Map.copyOf(headers);
    }

    static Response json(int status, JsonNode body) {
        // A tree's toString is its JSON (Jackson 2.10 and later).
        return text(status, JSON, body.toString());
    }

    /** Every error the server gives: {@code {"error": "..."}}. */
    static Response error(int status, String message) {
        return json(status, errorBody(message));
    }

    static ObjectNode errorBody(String message) {
        return object().put("error", message);
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static Response text(int status, String contentType, String body) {
        return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    Response withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Response(status, contentType, body, more);
    }
}
