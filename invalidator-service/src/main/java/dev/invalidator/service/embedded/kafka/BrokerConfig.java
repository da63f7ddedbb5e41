package dev.invalidator.service.embedded.kafka;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The broker's {@code server.properties}: one KRaft node that is both broker and controller, listening on
 * {@code 127.0.0.1} only, with replication factor 1 for Kafka's internal topics.
 *
 * <p>Keys that wire the node together (roles, node id, listeners, quorum, log directory) are fixed; every other key
 * may be overridden. {@code auto.create.topics.enable} is {@code false}: tests and the service create their topics
 * explicitly with the partitions they need, and a misspelt topic name fails instead of creating a stray topic.
 */
final class BrokerConfig {

    static final int NODE_ID = 1;

    /** Keys this class sets from the ports and directory; an override of one of them is refused. */
    static final Set<String> FIXED_KEYS = Set.of(
            "process.roles", "node.id", "broker.id", "controller.quorum.voters", "controller.quorum.bootstrap.servers",
            "listeners", "advertised.listeners", "controller.listener.names", "inter.broker.listener.name",
            "listener.security.protocol.map", "log.dirs", "log.dir", "metadata.log.dir");

    /** Defaults for one machine; each may be overridden. */
    static final Map<String, String> DEFAULTS = defaults();

    private final Map<String, String> properties;

    private BrokerConfig(Map<String, String> properties) {
        this.properties = properties;
    }

    /**
     * @param port the client (PLAINTEXT) listener's port
     * @param controllerPort the KRaft controller listener's port
     * @param logDirectory where partitions and the metadata log live
     * @param overrides further broker properties; a fixed key is refused
     */
    static BrokerConfig of(int port, int controllerPort, Path logDirectory, Map<String, String> overrides) {
        for (String key : overrides.keySet()) {
            requireOverridable(key);
        }
        String host = LocalPorts.HOST;
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", Integer.toString(NODE_ID));
        properties.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        properties.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        properties.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        properties.put("controller.listener.names", "CONTROLLER");
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        properties.put("log.dirs", logDirectory.toAbsolutePath().toString());
        properties.putAll(DEFAULTS);
        properties.putAll(overrides);
        return new BrokerConfig(properties);
    }

    /** Refuses a key that this class derives from the ports and directory, naming it. */
    static void requireOverridable(String key) {
        if (FIXED_KEYS.contains(key)) {
            throw new IllegalArgumentException("Broker property '" + key + "' is set by EmbeddedKafka from its ports and"
                    + " data directory and cannot be overridden (fixed: " + String.join(", ", FIXED_KEYS.stream().sorted().toList())
                    + ")");
        }
    }

    Map<String, String> properties() {
        return Map.copyOf(properties);
    }

    /** The file's text, one {@code key=value} per line in a stable order. */
    String render() {
        StringBuilder text = new StringBuilder("# Written by EmbeddedKafka on every start; edits are overwritten.\n");
        properties.forEach((key, value) -> text.append(key).append('=').append(escape(value)).append('\n'));
        return text.toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("auto.create.topics.enable", "false");
        defaults.put("num.partitions", "1");
        defaults.put("default.replication.factor", "1");
        defaults.put("min.insync.replicas", "1");
        defaults.put("offsets.topic.replication.factor", "1");
        // 50 by default, all created when the first consumer looks for its group coordinator (0.3–1.5 s more here).
        defaults.put("offsets.topic.num.partitions", "5");
        defaults.put("transaction.state.log.replication.factor", "1");
        defaults.put("transaction.state.log.min.isr", "1");
        defaults.put("transaction.state.log.num.partitions", "5");
        defaults.put("share.coordinator.state.topic.replication.factor", "1");
        defaults.put("share.coordinator.state.topic.min.isr", "1");
        // The default 3 s makes every first group join wait that long.
        defaults.put("group.initial.rebalance.delay.ms", "0");
        return Collections.unmodifiableMap(defaults);
    }
}
