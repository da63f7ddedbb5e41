package dev.invalidator.schemas.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed samples are well formed and match the recorder's scenario list. */
class GoldenSampleFilesTest {

    @Test
    void committedSamples_coverEveryScenarioAndNoOther() {
        assertThat(GoldenSamples.scenarios(GoldenSamples.root()))
                .isEqualTo(sorted(GoldenSampleRecorder.scenarioNames()));
    }

    @Test
    void everySample_hasTheScenariosRecordCountWithOffsetsFromZero() {
        for (Scenario scenario : allScenarios()) {
            List<GoldenRecord> records = GoldenSamples.load(database(scenario), scenario.name());
            assertThat(records).as(scenario.name()).hasSize(scenario.expected());
            for (int i = 0; i < records.size(); i++) {
                assertThat(records.get(i).offset()).as(scenario.name() + " offset").isEqualTo(i);
                assertThat(records.get(i).partition()).isZero();
            }
        }
    }

    @Test
    void everyKeyValueAndHeader_isJsonText() {
        for (Scenario scenario : allScenarios()) {
            for (GoldenRecord r : GoldenSamples.load(database(scenario), scenario.name())) {
                if (r.key() != null) {
                    GoldenComparison.parse(r.key());
                }
                if (r.value() != null) {
                    GoldenComparison.parse(r.value());
                }
                r.headers().values().forEach(GoldenComparison::parse);
            }
        }
    }

    @Test
    void keyBytesAndValueBytes_areTheUtf8OfTheText() {
        GoldenRecord r = GoldenSamples.load("postgres", "pg-column-types-schemas-off").get(0);
        assertThat(new String(r.valueBytes(), StandardCharsets.UTF_8)).isEqualTo(r.value()).contains("Zoë");
        assertThat(new String(r.keyBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":1}");
        GoldenRecord tombstone = GoldenSamples.load("postgres", "pg-default-identity-schemas-off").get(3);
        assertThat(tombstone.isTombstone()).isTrue();
        assertThat(tombstone.valueBytes()).isNull();
        assertThat(tombstone.coordinates().offset()).isEqualTo(3);
    }

    @Test
    void formatThenParse_givesTheSameRecord() throws Exception {
        GoldenRecord r = GoldenSamples.load("postgres", "pg-primary-key-change").get(3);
        assertThat(GoldenSamples.parse(GoldenSamples.format(r))).isEqualTo(r);
    }

    @Test
    void kind_namesOpsMarkersAndTombstones() {
        List<String> kinds = GoldenSamples.load("postgres", "pg-transaction-metadata").stream()
                .map(GoldenComparison::kind).toList();
        assertThat(kinds).containsExactly("BEGIN", "c", "c", "c", "END", "BEGIN", "u", "d", "tombstone", "END");
    }

    @Test
    void normalize_ignoresPositionsAndClocks_keepsRowValues() {
        GoldenRecord original = GoldenSamples.load("postgres", "pg-default-identity-schemas-off").get(0);
        ObjectNode value = (ObjectNode) GoldenComparison.parse(original.value());
        ((ObjectNode) value.get("source")).put("lsn", 1).put("txId", 2).put("ts_ms", 3).put("sequence", "[]");
        value.put("ts_ms", 4);
        GoldenRecord moved = with(original, value);
        assertThat(GoldenComparison.normalize(moved)).isEqualTo(GoldenComparison.normalize(original));

        ((ObjectNode) value.get("after")).put("email", "someone@else");
        GoldenRecord changed = with(original, value);
        assertThat(GoldenComparison.normalize(changed)).isNotEqualTo(GoldenComparison.normalize(original));
    }

    private static GoldenRecord with(GoldenRecord r, JsonNode value) {
        return new GoldenRecord(r.topic(), r.partition(), r.offset(), r.key(), value.toString(), r.headers());
    }

    private static List<Scenario> allScenarios() {
        return java.util.stream.Stream.concat(
                GoldenSampleRecorder.postgresScenarios().stream(),
                GoldenSampleRecorder.mariaDbScenarios().stream()).toList();
    }

    private static String database(Scenario s) {
        return s.name().startsWith("pg-") ? GoldenSampleRecorder.POSTGRES : GoldenSampleRecorder.MARIADB;
    }

    private static Map<String, List<String>> sorted(Map<String, List<String>> names) {
        Map<String, List<String>> result = new java.util.TreeMap<>();
        names.forEach((db, list) -> result.put(db, list.stream().sorted().toList()));
        return result;
    }
}
