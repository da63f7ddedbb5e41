package dev.invalidator.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

class MessageSchemaTest {

    @Test
    void fromClasspath_missingResource_failsAtOnce() {
        assertThatThrownBy(() -> MessageSchema.fromClasspath("schemas/no-such.schema.json"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("schemas/no-such.schema.json");
    }

    @Test
    void rejected_describe_spellsOutTwentyAndCountsTheRest() {
        List<Violation> violations = Collections.nCopies(25, new Violation("/keys/0", "must be a string"));

        String description = new DecodeResult.Rejected<String>(violations).describe();

        assertThat(description).startsWith("/keys/0: must be a string; /keys/0: must be a string")
                .endsWith("; and 5 more");
    }

    @Test
    void rejected_withoutViolations_isRefused() {
        assertThatThrownBy(() -> new DecodeResult.Rejected<String>(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
