package dev.invalidator.service.capture;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The databases a capture source reads, each with its Debezium connector. */
public enum CaptureConnector {

    POSTGRESQL("postgresql", "io.debezium.connector.postgresql.PostgresConnector"),
    MARIADB("mariadb", "io.debezium.connector.mariadb.MariaDbConnector");

    private final String configName;
    private final String connectorClass;

    CaptureConnector(String configName, String connectorClass) {
        this.configName = configName;
        this.connectorClass = connectorClass;
    }

    /** The name written in the configuration, e.g. {@code postgresql}. */
    public String configName() {
        return configName;
    }

    /** Debezium's connector class. */
    public String connectorClass() {
        return connectorClass;
    }

    /** @return the connector the configuration names, or empty for an unknown name */
    public static Optional<CaptureConnector> byName(String name) {
        return Arrays.stream(values()).filter(c -> c.configName.equals(name.strip())).findFirst();
    }

    /** "postgresql, mariadb", for messages. */
    public static String names() {
        return Arrays.stream(values()).map(CaptureConnector::configName).collect(Collectors.joining(", "));
    }
}
