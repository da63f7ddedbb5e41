package dev.invalidator.service.embedded.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker from the Maven artifacts ({@code org.apache.kafka:kafka_2.13}), for
 * {@code invalidator run --embedded} and for tests: one KRaft node acting as broker and controller, listening on
 * {@code 127.0.0.1}, run in a child JVM on this JVM's class path (why: {@code docs/adr/0003-embedded-kafka.md}).
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
 *     kafka.createTopic("shop.public.products", 3);
 *     producerProps.put("bootstrap.servers", kafka.bootstrapServers());
 * }
 * }</pre>
 *
 * <p>In a JUnit 5 test class, start one in {@code @BeforeAll} and close it in {@code @AfterAll}.
 *
 * <p>The child never outlives this JVM: {@link #close()} stops it, a shutdown hook stops it when this JVM exits
 * (Ctrl-C included; unless {@link Builder#closeOnExit(boolean)} leaves that to the caller), and the child exits by
 * itself when this JVM dies without running hooks.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    static final String BROKER_MAIN = "kafka.Kafka";
    static final String ARTIFACT = "org.apache.kafka:kafka_2.13";
    static final String LOGGING_CONFIG = "dev/invalidator/service/embedded/kafka/broker-logback.xml";

    private final DataDirectory dataDirectory;
    private final boolean deleteOnClose;
    private final int port;
    private final ChildJvm broker;
    private final Duration startupTime;
    private final Thread shutdownHook;
    private boolean closed;

    private EmbeddedKafka(DataDirectory dataDirectory, boolean deleteOnClose, int port, ChildJvm broker,
            Duration startupTime, boolean closeOnExit) {
        this.dataDirectory = dataDirectory;
        this.deleteOnClose = deleteOnClose;
        this.port = port;
        this.broker = broker;
        this.startupTime = startupTime;
        this.shutdownHook = closeOnExit ? new Thread(this::close, "embedded-kafka-" + port + "-close") : null;
        if (shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code 127.0.0.1:<port>}, for the clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return LocalPorts.HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    /** The broker's data directory: {@code server.properties}, {@code broker.log} and Kafka's data. */
    public Path dataDirectory() {
        return dataDirectory.root();
    }

    /** The broker's output, appended across restarts on the same data directory. */
    public Path logFile() {
        return dataDirectory.brokerLog();
    }

    /** From {@link Builder#start()} until the broker answered {@code describeCluster}, formatting included. */
    public Duration startupTime() {
        return startupTime;
    }

    /** The broker's child process. */
    public ProcessHandle process() {
        return broker.handle();
    }

    /** Creates a topic with the given partitions (replication factor 1); fails if it exists. */
    public void createTopic(String topic, int partitions) {
        try (KafkaTopics topics = KafkaTopics.connect(bootstrapServers())) {
            topics.create(topic, partitions);
        }
    }

    /**
     * Stops the broker (SIGTERM, then SIGKILL after the grace period) and waits until its process is gone; then
     * deletes the data directory if it was a temporary one. Safe to call more than once; a shutdown hook calls it
     * when this JVM exits without it having been called.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            broker.close();
            LOG.info("Kafka broker on {} stopped", bootstrapServers());
            if (deleteOnClose) {
                dataDirectory.delete();
            }
        } finally {
            removeShutdownHook();
        }
    }

    private void removeShutdownHook() {
        if (shutdownHook == null || Thread.currentThread() == shutdownHook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // This JVM is exiting; the hook is running or about to, and will find the broker closed.
        }
    }

    private static EmbeddedKafka start(Builder settings) {
        long started = System.nanoTime();
        JavaClassPath classPath = JavaClassPath.current();
        classPath.requireClass(BROKER_MAIN, ARTIFACT);
        int[] ports = settings.choosePorts();
        boolean temporary = settings.dataDirectory == null;
        DataDirectory directory = temporary ? DataDirectory.temporary() : DataDirectory.at(settings.dataDirectory);
        ChildJvm broker = null;
        try {
            directory.requireNotInUse();
            directory.writeServerProperties(
                    BrokerConfig.of(ports[0], ports[1], directory.kafkaLogs(), settings.brokerProperties));
            long formatStarted = System.nanoTime();
            boolean needsFormat = !directory.isFormatted();
            if (needsFormat) {
                new StorageFormat(classPath, settings.formatJvmOptions(), settings.startupTimeout).format(directory);
            }
            Duration formatTime = since(formatStarted);
            long launched = System.nanoTime();
            broker = ChildJvm.start("Kafka broker", classPath, settings.brokerJvmOptions(), BROKER_MAIN,
                    List.of(directory.serverProperties().toString()), directory.brokerLog(),
                    settings.shutdownGracePeriod, settings.closeOnExit);
            BrokerReadiness readiness = new BrokerReadiness(broker, ports[0], settings.startupTimeout);
            readiness.awaitPortOpen();
            Duration portOpen = since(launched);
            readiness.awaitClusterDescribed();
            Duration ready = since(launched);
            Duration total = since(started);
            LOG.info("Kafka broker ready on {}:{} in {} ms ({}port open {} ms after launch, ready {} ms after launch;"
                    + " process {}, data {})", LocalPorts.HOST, ports[0], total.toMillis(),
                    needsFormat ? "format " + formatTime.toMillis() + " ms, " : "", portOpen.toMillis(),
                    ready.toMillis(), broker.pid(), directory);
            return new EmbeddedKafka(directory, temporary, ports[0], broker, total, settings.closeOnExit);
        } catch (RuntimeException e) {
            if (broker != null) {
                broker.close();
            }
            LOG.warn("Kafka broker did not start; its data directory {} is left as it is{}", directory,
                    temporary ? " for inspection" : "");
            throw e;
        }
    }

    private static Duration since(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime);
    }

    /** What to start; {@link #start()} starts it. */
    public static final class Builder {

        private Path dataDirectory;
        private int port;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private Duration shutdownGracePeriod = Duration.ofSeconds(15);
        private String maxHeap = "512m";
        private boolean closeOnExit = true;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Keeps the broker's data in this directory, which {@link EmbeddedKafka#close()} leaves in place; a directory
         * formatted by an earlier start is reused as it is, topics, records and committed offsets included. Without
         * it the broker uses a new temporary directory that {@link EmbeddedKafka#close()} deletes.
         */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** The client port on 127.0.0.1; without it, a free port. */
        public Builder port(int port) {
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("Kafka port must be between 1 and 65535, not " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Sets a broker property, e.g. {@code auto.create.topics.enable=true}. The keys that wire the node together
         * (roles, node id, listeners, quorum voters, log directories) are refused.
         */
        public Builder brokerProperty(String key, String value) {
            BrokerConfig.requireOverridable(key);
            brokerProperties.put(key, Objects.requireNonNull(value, () -> "value of broker property " + key));
            return this;
        }

        /** How long {@link #start()} waits for the broker to serve clients; 60 s by default. */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** How long {@link EmbeddedKafka#close()} waits after SIGTERM before it kills the broker; 15 s by default. */
        public Builder shutdownGracePeriod(Duration gracePeriod) {
            this.shutdownGracePeriod = Objects.requireNonNull(gracePeriod, "gracePeriod");
            return this;
        }

        /**
         * Whether a shutdown hook of its own closes the broker when this JVM exits; true by default. A caller that
         * closes the broker from its own hook, after the clients that still need it, turns this off: hooks run
         * concurrently. The child exits by itself when this JVM dies either way.
         */
        public Builder closeOnExit(boolean closeOnExit) {
            this.closeOnExit = closeOnExit;
            return this;
        }

        /** The broker JVM's {@code -Xmx}; 512m by default. */
        public Builder maxHeap(String maxHeap) {
            this.maxHeap = Objects.requireNonNull(maxHeap, "maxHeap");
            return this;
        }

        /**
         * Formats the data directory if it is new, starts the broker and waits until it serves clients.
         *
         * @throws EmbeddedKafkaException naming the port, directory or step that failed, with the broker's last log
         *     lines when it started and then failed
         */
        public EmbeddedKafka start() {
            return EmbeddedKafka.start(this);
        }

        private int[] choosePorts() {
            if (port == 0) {
                return LocalPorts.free(2);
            }
            LocalPorts.requireFree(port, "the Kafka broker's client port");
            int controllerPort;
            do {
                controllerPort = LocalPorts.free(1)[0];
            } while (controllerPort == port);
            return new int[] {port, controllerPort};
        }

        private List<String> brokerJvmOptions() {
            return List.of("-Xmx" + maxHeap, "-Dlogback.configurationFile=" + LOGGING_CONFIG,
                    "-Djava.awt.headless=true");
        }

        /** The format runs for a second or two: the quick-starting JIT and collector save a good part of that. */
        private List<String> formatJvmOptions() {
            return List.of("-Xmx" + maxHeap, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-Dlogback.configurationFile=" + LOGGING_CONFIG, "-Djava.awt.headless=true");
        }
    }
}
