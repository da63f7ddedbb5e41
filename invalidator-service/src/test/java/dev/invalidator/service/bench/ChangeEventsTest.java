package dev.invalidator.service.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.ChangeEventReader;
import dev.invalidator.schemas.change.ColumnValue;
import dev.invalidator.schemas.change.Operation;
import dev.invalidator.schemas.change.ReadResult;
import dev.invalidator.schemas.change.RecordCoordinates;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeEventsTest {

    private static final Path GOLDEN = Path.of(BenchOptions.DEFAULT_GOLDEN);

    @Test
    void value_ofRow_isTheGoldenUpdateOfThatRow() throws Exception {
        ChangeEvents events = ChangeEvents.fromGolden(GOLDEN);

        ReadResult read = ChangeEventReader.builder().build().read(events.key(42), events.value(42),
                new RecordCoordinates("t", 0, 0));

        assertThat(read).isInstanceOf(ChangeEvent.class);
        ChangeEvent event = (ChangeEvent) read;
        assertThat(event.op()).isEqualTo(Operation.UPDATE);
        assertThat(event.table().qualifiedName()).isEqualTo("pg.inv.customers");
        assertThat(event.after().find("id")).contains(new ColumnValue.Int(42));
        assertThat(event.key().find("id")).contains(new ColumnValue.Int(42));
        assertThat(events.table()).isEqualTo("pg.inv.customers");
    }

    @Test
    void value_ofTheGoldenRow_equalsTheGoldenRecordAsJson() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode update = mapper.readTree(Files.readAllLines(GOLDEN).get(1));
        ChangeEvents events = ChangeEvents.fromGolden(GOLDEN);

        assertThat(mapper.readTree(events.value(1))).isEqualTo(mapper.readTree(update.get("value").asText()));
        assertThat(mapper.readTree(events.key(1))).isEqualTo(mapper.readTree(update.get("key").asText()));
    }

    @Test
    void value_ofTwoRows_differsOnlyInTheId() {
        ChangeEvents events = ChangeEvents.fromGolden(GOLDEN);

        String seven = new String(events.value(7));
        String eight = new String(events.value(8));

        assertThat(seven).isNotEqualTo(eight);
        assertThat(seven.replace("\"id\":7,", "\"id\":8,")).isEqualTo(eight);
    }

    @Test
    void fromGolden_fileWithoutAnUpdate_namesTheFile(@TempDir Path directory) throws Exception {
        Path creates = directory.resolve("creates.jsonl");
        Files.writeString(creates, Files.readAllLines(GOLDEN).get(0) + "\n");

        assertThatThrownBy(() -> ChangeEvents.fromGolden(creates))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(creates + " holds no update event with a numeric after.id");
    }
}
