package dev.invalidator.service.embedded.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.Uuid;

/**
 * {@code kafka-storage format} for a new data directory ({@code kafka.tools.StorageTool format}, in a child JVM):
 * writes the cluster id and the bootstrap metadata that a KRaft node needs before its first start.
 */
final class StorageFormat {

    static final String MAIN_CLASS = "kafka.tools.StorageTool";

    private final JavaClassPath classPath;
    private final List<String> jvmOptions;
    private final Duration timeout;

    StorageFormat(JavaClassPath classPath, List<String> jvmOptions, Duration timeout) {
        this.classPath = classPath;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.timeout = timeout;
    }

    /**
     * Formats the directory with a new cluster id (generated here: the tool's own {@code random-uuid} would cost a
     * JVM start), reading {@code server.properties} from it.
     */
    void format(DataDirectory directory) {
        List<String> arguments = List.of("format", "--cluster-id", Uuid.randomUuid().toString(),
                "--config", directory.serverProperties().toString());
        try (ChildJvm storageTool = ChildJvm.start("Kafka storage format", classPath, jvmOptions, MAIN_CLASS,
                arguments, directory.formatLog(), Duration.ofSeconds(5), true)) {
            Optional<Integer> status = storageTool.waitForExit(timeout);
            if (status.isEmpty() || status.get() != 0) {
                throw new EmbeddedKafkaException("Formatting the Kafka data directory " + directory.kafkaLogs()
                        + (status.isEmpty() ? " did not finish within " + timeout.toSeconds() + " s"
                                : " failed with exit status " + status.get())
                        + ". Log: " + directory.formatLog() + "; its last lines:\n"
                        + LogTail.of(directory.formatLog(), 30));
            }
        }
    }
}
