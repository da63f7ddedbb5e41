package dev.invalidator.service.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {

    @TempDir
    Path root;

    @Test
    void isFormatted_onlyOnceMetaPropertiesExists() throws IOException {
        DataDirectory directory = DataDirectory.at(root.resolve("kafka"));
        assertThat(directory.isFormatted()).isFalse();

        Files.createDirectories(directory.kafkaLogs());
        Files.writeString(directory.kafkaLogs().resolve("meta.properties"), "cluster.id=x\n");

        assertThat(directory.isFormatted()).isTrue();
    }

    @Test
    void requireNotInUse_lockHeld_namesTheDirectory() throws IOException {
        DataDirectory directory = DataDirectory.at(root);
        Files.createDirectories(directory.kafkaLogs());
        Path lockFile = Files.createFile(directory.kafkaLogs().resolve(".lock"));

        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            assertThat(held.isValid()).isTrue();
            assertThatThrownBy(directory::requireNotInUse)
                    .isInstanceOf(EmbeddedKafkaException.class)
                    .hasMessageContaining(root.toString())
                    .hasMessageContaining("in use by another running broker");
        }
        assertThatCode(directory::requireNotInUse).as("after the lock is released").doesNotThrowAnyException();
    }

    @Test
    void delete_removesEverything() throws IOException {
        DataDirectory directory = DataDirectory.temporary();
        Files.createDirectories(directory.kafkaLogs().resolve("topic-0"));
        Files.writeString(directory.kafkaLogs().resolve("topic-0/00000000000000000000.log"), "records");

        directory.delete();

        assertThat(directory.root()).doesNotExist();
    }
}
