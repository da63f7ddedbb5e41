package dev.invalidator.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DecodeCommandTest {

    private static final String SOURCE = "{\\\"connector\\\":\\\"postgresql\\\",\\\"name\\\":\\\"shop\\\",\\\"db\\\":\\\"shop\\\","
            + "\\\"schema\\\":\\\"public\\\",\\\"table\\\":\\\"products\\\",\\\"lsn\\\":24023984,\\\"txId\\\":771,\\\"ts_ms\\\":1700000000123}";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine command = new CommandLine(new InvalidatorCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(out));
        return command.execute(args);
    }

    @Test
    void decode_recordFile_printsOneLinePerRecordAndExitsZero() throws IOException {
        Path file = dir.resolve("records.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"topic\":\"shop.public.products\",\"partition\":0,\"offset\":0,\"key\":\"{\\\"id\\\":7}\","
                        + "\"value\":\"{\\\"before\\\":null,\\\"after\\\":{\\\"id\\\":7,\\\"sku\\\":\\\"A-7\\\"},\\\"source\\\":" + SOURCE + ",\\\"op\\\":\\\"u\\\"}\"}",
                "{\"topic\":\"shop.public.products\",\"partition\":0,\"offset\":1,\"key\":\"{\\\"id\\\":7}\",\"value\":null}"));

        int exit = run("events", "decode", file.toString());

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("shop.public.products update  key {id=7}  before -  after {id=7, sku=A-7}  at lsn 0/16E93B0 tx 771")
                .contains("tombstone  key {id=7}")
                .contains("2 records, 0 unreadable");
    }

    @Test
    void decode_unreadableRecord_reportsItWithItsLineAndExitsOne() throws IOException {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"topic\":\"t\",\"partition\":3,\"offset\":9,\"key\":null,\"value\":\"{\\\"op\\\":\\\"c\\\"}\"}\n");

        int exit = run("events", "decode", file.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains(file + ":1  unreadable: required field 'source' is missing (at /source)");
    }

    @Test
    void decode_missingFile_saysWhichAndExitsTwo() {
        int exit = run("events", "decode", dir.resolve("nope.jsonl").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString()).contains("nope.jsonl: cannot read");
    }
}
