package dev.invalidator.schemas.request;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.invalidator.schemas.json.SchemaFiles;

import tools.jackson.databind.JsonNode;

/** The schema file and the record's constants say the same thing; the schema documents every field. */
class InvalidationRequestSchemaTest {

    private final JsonNode schema = SchemaFiles.read(InvalidationRequestCodec.SCHEMA_RESOURCE);

    @Test
    void schema_isDraft202012AndClosed() {
        assertThat(schema.get("$schema").stringValue()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.get("additionalProperties").booleanValue()).isFalse();
        assertThat(schema.get("required").toString()).isEqualTo("[\"id\",\"source\"]");
    }

    @Test
    void schema_describesEveryField() {
        assertThat(SchemaFiles.propertiesWithoutDescription(schema)).isEmpty();
        assertThat(schema.get("properties").propertyNames())
                .containsExactly("id", "source", "keys", "patterns", "tags", "versions", "cascade", "dryRun", "reason",
                        "soft");
    }

    @Test
    void schema_boundsMatchTheRecord() {
        assertThat(schema.at("/properties/id/minLength").intValue()).isEqualTo(1);
        assertThat(schema.at("/properties/id/maxLength").intValue()).isEqualTo(InvalidationRequest.MAX_ID_LENGTH);
        assertThat(schema.at("/properties/source/minLength").intValue()).isEqualTo(1);
        assertThat(schema.at("/properties/source/maxLength").intValue())
                .isEqualTo(InvalidationRequest.MAX_SOURCE_LENGTH);
        assertThat(schema.at("/properties/reason/maxLength").intValue())
                .isEqualTo(InvalidationRequest.MAX_REASON_LENGTH);
        for (String list : new String[] {"keys", "patterns", "tags", "versions"}) {
            assertThat(schema.at("/properties/" + list + "/maxItems").intValue())
                    .isEqualTo(InvalidationRequest.MAX_ITEMS);
            assertThat(schema.at("/properties/" + list + "/items/minLength").intValue()).isEqualTo(1);
            assertThat(schema.at("/properties/" + list + "/items/maxLength").intValue())
                    .isEqualTo(InvalidationRequest.MAX_TARGET_LENGTH);
        }
    }
}
