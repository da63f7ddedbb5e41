package dev.invalidator.schemas.json;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns bytes into a JSON tree for the message codecs, refusing what a lenient parser would quietly accept.
 *
 * <p>A duplicate field ({@code {"id":"a","id":"b"}}) is an error rather than "the last one wins": two services
 * reading the same bytes must never see two different messages. Anything after the document is an error too.
 */
public final class StrictJson {

    private static final Pattern SOURCE_REFERENCE =
            Pattern.compile("\\s*\\((?:for \\w+ starting at|start marker at) \\[Source:.*?]\\)", Pattern.DOTALL);

    private final JsonMapper mapper = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The mapper, for codecs to build and write trees with. Thread-safe. */
    public JsonMapper mapper() {
        return mapper;
    }

    /** The document as a tree, or why the bytes are not one JSON object. Never throws for any input. */
    public DecodeResult<JsonNode> parseObject(byte[] json) {
        Objects.requireNonNull(json, "json");
        JsonNode document;
        try {
            document = mapper.readTree(json);
        } catch (StreamConstraintsException e) {
            return rejected("JSON beyond the parser's limits: " + e.getOriginalMessage());
        } catch (JacksonException e) {
            return rejected("malformed JSON" + where(e.getLocation()) + ": " + withoutSourceReference(e));
        }
        if (document == null || document.isMissingNode()) {
            return rejected("empty input, expected a JSON object");
        }
        if (!document.isObject()) {
            return rejected("must be a JSON object, found " + JsonTypes.nameOf(document));
        }
        return new DecodeResult.Decoded<>(document);
    }

    /**
     * The parser's message without the "(start marker at [Source: REDACTED ...])" it appends: the source is never
     * shown (it may be large or sensitive), so the reference only adds noise.
     */
    private static String withoutSourceReference(JacksonException e) {
        return SOURCE_REFERENCE.matcher(e.getOriginalMessage()).replaceAll("");
    }

    private static String where(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static DecodeResult<JsonNode> rejected(String message) {
        return new DecodeResult.Rejected<>(List.of(new Violation("/", message)));
    }
}
