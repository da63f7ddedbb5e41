package dev.invalidator.service.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.invalidator.schemas.change.ChangeEventReader;
import dev.invalidator.schemas.change.ReadError;
import dev.invalidator.schemas.change.ReadResult;
import dev.invalidator.schemas.change.RecordCoordinates;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Decodes recorded change events and prints what the service would see in each: table, op, images, key, position.
 * Reads record files, one JSON object per line with {@code topic}, {@code partition}, {@code offset}, and the record's
 * {@code key} and {@code value} as JSON text (the format of the recorded samples).
 */
@Command(
        name = "decode",
        mixinStandardHelpOptions = true,
        description = "Decode recorded Debezium records (JSON lines: topic, partition, offset, key, value) and print them.")
final class DecodeCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Record files to decode.")
    List<Path> files;

    @Spec
    CommandSpec spec;

    private final ObjectMapper mapper = new ObjectMapper();
    private final ChangeEventReader reader = ChangeEventReader.builder().build();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EventPrinter printer = new EventPrinter(out);
        int errors = 0;
        int records = 0;
        for (Path file : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println(file + ": cannot read: " + e.getMessage());
                return 2;
            }
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                String where = file + ":" + (i + 1);
                JsonNode line;
                try {
                    line = mapper.readTree(lines.get(i));
                } catch (JsonProcessingException e) {
                    err.println(where + ": not a JSON record line: " + e.getOriginalMessage());
                    errors++;
                    continue;
                }
                ReadResult result = reader.read(bytesOf(line.get("key")), bytesOf(line.get("value")), coordinatesOf(line));
                printer.print(where, result);
                records++;
                if (result instanceof ReadError) {
                    errors++;
                }
            }
        }
        out.println(records + " records, " + errors + " unreadable");
        out.flush();
        return errors == 0 ? 0 : 1;
    }

    private static byte[] bytesOf(JsonNode text) {
        return text == null || text.isNull() ? null : text.asText().getBytes(StandardCharsets.UTF_8);
    }

    private static RecordCoordinates coordinatesOf(JsonNode line) {
        return new RecordCoordinates(line.path("topic").asText("?"), line.path("partition").asInt(0), line.path("offset").asLong(-1));
    }
}
