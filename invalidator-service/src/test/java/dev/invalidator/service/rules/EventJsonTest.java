package dev.invalidator.service.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    private final EventJson events = new EventJson(new ObjectMapper());

    private EventInput read(String json) {
        return events.read("body", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void read_valueAlone_isTheValueWithoutTopicOrKey() {
        EventInput input = read("{\"op\":\"c\",\"after\":{\"id\":1}}");

        assertThat(input.unreadable()).isNull();
        assertThat(input.topic()).isNull();
        assertThat(input.key()).isNull();
        assertThat(new String(input.value(), StandardCharsets.UTF_8)).isEqualTo("{\"op\":\"c\",\"after\":{\"id\":1}}");
    }

    @Test
    void read_kafkaRecord_takesTopicKeyValueAndCoordinates() {
        EventInput input = read("{\"topic\":\"shop.public.products\",\"partition\":2,\"offset\":41,"
                + "\"key\":{\"id\":7},\"value\":\"{\\\"op\\\":\\\"d\\\"}\"}");

        assertThat(input.topic()).isEqualTo("shop.public.products");
        assertThat(new String(input.key(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":7}");
        assertThat(new String(input.value(), StandardCharsets.UTF_8)).isEqualTo("{\"op\":\"d\"}");
        assertThat(input.coordinates().partition()).isEqualTo(2);
        assertThat(input.coordinates().offset()).isEqualTo(41);
    }

    @Test
    void read_recordWithNullValue_isATombstone() {
        EventInput input = read("{\"topic\":\"t\",\"key\":{\"id\":7},\"value\":null}");

        assertThat(input.unreadable()).isNull();
        assertThat(input.value()).isNull();
    }

    @Test
    void read_objectWithOtherFields_isTakenAsTheValue() {
        EventInput input = read("{\"value\":1,\"op\":\"c\"}");

        assertThat(input.topic()).isNull();
        assertThat(new String(input.value(), StandardCharsets.UTF_8)).isEqualTo("{\"value\":1,\"op\":\"c\"}");
    }

    @Test
    void read_emptyBody_isUnreadable() {
        assertThat(read("  ").unreadable()).isEqualTo("no JSON: the body is empty");
    }

    @Test
    void read_notJson_isUnreadableWithTheParsersReason() {
        assertThat(read("{\"op\":").unreadable()).startsWith("not JSON: ");
    }

    @Test
    void read_twoValues_isUnreadable() {
        assertThat(read("{\"op\":\"c\"} {\"op\":\"u\"}").unreadable())
                .isEqualTo("more than one JSON value: give exactly one event");
    }
}
