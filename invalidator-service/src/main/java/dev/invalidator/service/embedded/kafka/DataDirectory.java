package dev.invalidator.service.embedded.kafka;

import dev.invalidator.service.embedded.DirectoryTree;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where one embedded broker keeps everything: {@code server.properties}, the broker's output ({@code broker.log}),
 * the output of formatting ({@code format.log}) and Kafka's own data ({@code kafka-logs/}: partitions and the KRaft
 * metadata log).
 */
final class DataDirectory {

    private final Path root;

    private DataDirectory(Path root) {
        this.root = root;
    }

    /** The given directory, created if missing. */
    static DataDirectory at(Path root) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Cannot create the Kafka data directory " + root.toAbsolutePath() + ": " + e, e);
        }
        return new DataDirectory(root.toAbsolutePath());
    }

    /** A new directory under the system's temporary directory. */
    static DataDirectory temporary() {
        try {
            return new DataDirectory(Files.createTempDirectory("invalidator-kafka-").toAbsolutePath());
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Cannot create a temporary Kafka data directory under "
                    + System.getProperty("java.io.tmpdir") + ": " + e, e);
        }
    }

    Path root() {
        return root;
    }

    Path serverProperties() {
        return root.resolve("server.properties");
    }

    Path brokerLog() {
        return root.resolve("broker.log");
    }

    Path formatLog() {
        return root.resolve("format.log");
    }

    Path kafkaLogs() {
        return root.resolve("kafka-logs");
    }

    /** Whether {@code kafka-tools format} already ran here: formatting twice would refuse, and is not needed. */
    boolean isFormatted() {
        return Files.isRegularFile(kafkaLogs().resolve("meta.properties"));
    }

    /**
     * Fails, naming the directory, when a broker runs on it: Kafka holds a lock on {@code kafka-logs/.lock} while it
     * runs. Checked before anything is written, so a second start leaves the running broker's files alone.
     */
    void requireNotInUse() {
        Path lockFile = kafkaLogs().resolve(".lock");
        if (!Files.exists(lockFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                lock.release();
                return;
            }
        } catch (OverlappingFileLockException e) {
            // Held by this JVM: an in-process broker, or a test holding it.
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Cannot check whether a Kafka broker uses " + root + " (" + lockFile + "): " + e, e);
        }
        throw new EmbeddedKafkaException("The Kafka data directory " + root + " is in use by another running broker ("
                + lockFile + " is locked): close that broker first, or choose another directory");
    }

    void writeServerProperties(BrokerConfig config) {
        try {
            Files.writeString(serverProperties(), config.render(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Cannot write " + serverProperties() + ": " + e, e);
        }
    }

    /** Deletes the directory and everything in it; what cannot be deleted is left and named in the exception. */
    void delete() {
        try {
            DirectoryTree.delete(root);
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Cannot delete the Kafka data directory " + root + ": " + e, e);
        }
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
