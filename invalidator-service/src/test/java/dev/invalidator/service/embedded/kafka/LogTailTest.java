package dev.invalidator.service.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

    @TempDir
    Path directory;

    @Test
    void of_longFile_returnsLastLinesIndented() throws IOException {
        Path log = directory.resolve("broker.log");
        Files.writeString(log, IntStream.rangeClosed(1, 100).mapToObj(i -> "line " + i)
                .collect(Collectors.joining("\n", "", "\n")));

        assertThat(LogTail.of(log, 3)).isEqualTo("  line 98\n  line 99\n  line 100");
    }

    @Test
    void of_fileLargerThanReadWindow_dropsTheCutFirstLine() throws IOException {
        Path log = directory.resolve("broker.log");
        String longLine = "x".repeat(1000);
        Files.writeString(log, IntStream.range(0, 200).mapToObj(i -> i + " " + longLine)
                .collect(Collectors.joining("\n")));

        String tail = LogTail.of(log, 1000);

        assertThat(tail.lines()).allSatisfy(line -> assertThat(line).matches("  \\d+ x{1000}"));
        assertThat(tail.lines().reduce((first, second) -> second)).hasValue("  199 " + longLine);
    }

    @Test
    void of_missingFile_saysSo() {
        Path log = directory.resolve("missing.log");

        assertThat(LogTail.of(log, 5)).contains(log.toString()).contains("does not exist");
    }

    @Test
    void of_emptyFile_saysSo() throws IOException {
        Path log = Files.createFile(directory.resolve("empty.log"));

        assertThat(LogTail.of(log, 5)).contains("is empty");
    }
}
