package dev.invalidator.schemas.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.invalidator.schemas.change.Operation;
import dev.invalidator.schemas.json.SchemaFiles;

import tools.jackson.databind.JsonNode;

/** The schema file and the records' constants say the same thing; the schema documents every field. */
class InvalidationBroadcastSchemaTest {

    private final JsonNode schema = SchemaFiles.read(InvalidationBroadcastCodec.SCHEMA_RESOURCE);

    @Test
    void schema_isDraft202012AndClosed() {
        assertThat(schema.get("$schema").stringValue()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.get("additionalProperties").booleanValue()).isFalse();
        assertThat(schema.at("/properties/position/additionalProperties").booleanValue()).isFalse();
        for (JsonNode branch : schema.at("/properties/cause/allOf")) {
            assertThat(branch.at("/then/additionalProperties").booleanValue()).isFalse();
        }
    }

    @Test
    void schema_describesEveryField() {
        assertThat(SchemaFiles.propertiesWithoutDescription(schema)).isEmpty();
    }

    @Test
    void schema_versionMatchesTheRecord() {
        assertThat(schema.at("/properties/version/const").intValue()).isEqualTo(InvalidationBroadcast.VERSION);
    }

    @Test
    void schema_boundsMatchTheRecords() {
        assertThat(schema.at("/properties/position/properties/publisherId/maxLength").intValue())
                .isEqualTo(BroadcastPosition.MAX_PUBLISHER_ID_LENGTH);
        for (String counter : List.of("/properties/position/properties/epoch",
                "/properties/position/properties/sequence", "/properties/publishedAtMillis")) {
            assertThat(schema.at(counter + "/maximum").longValue()).isEqualTo(BroadcastPosition.MAX_COUNTER);
        }
        assertThat(schema.at("/properties/position/properties/sequence/minimum").longValue())
                .isEqualTo(BroadcastPosition.FIRST_SEQUENCE);
        for (String list : List.of("keys", "patterns", "tags")) {
            assertThat(schema.at("/properties/" + list + "/maxItems").intValue())
                    .isEqualTo(InvalidationBroadcast.MAX_ITEMS);
            assertThat(schema.at("/properties/" + list + "/items/maxLength").intValue())
                    .isEqualTo(InvalidationBroadcast.MAX_TARGET_LENGTH);
        }
        JsonNode change = schema.at("/properties/cause/allOf/0/then/properties");
        assertThat(change.at("/table/maxLength").intValue()).isEqualTo(BroadcastCause.Change.MAX_TEXT_LENGTH);
        assertThat(change.at("/sourcePosition/maxLength").intValue()).isEqualTo(BroadcastCause.Change.MAX_TEXT_LENGTH);
        JsonNode request = schema.at("/properties/cause/allOf/1/then/properties");
        assertThat(request.at("/requestId/maxLength").intValue())
                .isEqualTo(BroadcastCause.Request.MAX_REQUEST_ID_LENGTH);
        assertThat(request.at("/source/maxLength").intValue()).isEqualTo(BroadcastCause.Request.MAX_SOURCE_LENGTH);
        assertThat(schema.at("/properties/cause/allOf/2/then/properties/reason/maxLength").intValue())
                .isEqualTo(BroadcastCause.Repair.MAX_REASON_LENGTH);
        JsonNode batch = schema.at("/properties/cause/allOf/4/then/properties/causes");
        assertThat(batch.at("/minItems").intValue()).isEqualTo(BroadcastCause.Batch.MIN_CAUSES);
        assertThat(batch.at("/maxItems").intValue()).isEqualTo(BroadcastCause.Batch.MAX_CAUSES);
    }

    @Test
    void schema_causeTypesAndOpsMatchTheRecords() {
        assertThat(schema.at("/properties/cause/properties/type/enum").toString())
                .isEqualTo("[\"change\",\"request\",\"repair\",\"heartbeat\",\"batch\"]");
        assertThat(List.of(new BroadcastCause.Change("t", Operation.CREATE, "p").type(),
                new BroadcastCause.Request("r", "s").type(), new BroadcastCause.Repair(null).type(),
                new BroadcastCause.Heartbeat().type(), new BroadcastCause.Batch(List.of(
                        new BroadcastCause.Request("r", "s"), new BroadcastCause.Request("q", "s"))).type()))
                .containsExactly("change", "request", "repair", "heartbeat", "batch");
        List<String> codes = new java.util.ArrayList<>();
        for (Operation op : Operation.values()) {
            codes.add(op.code());
        }
        List<String> schemaCodes = new java.util.ArrayList<>();
        for (JsonNode code : schema.at("/properties/cause/allOf/0/then/properties/op/enum")) {
            schemaCodes.add(code.stringValue());
        }
        assertThat(schemaCodes).containsExactlyInAnyOrderElementsOf(codes);
    }
}
