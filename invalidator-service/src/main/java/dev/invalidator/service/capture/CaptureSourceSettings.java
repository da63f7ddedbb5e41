package dev.invalidator.service.capture;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One capture source as configured under {@code capture.sources.<name>}.
 *
 * @param name       the source's name; also the Debezium engine's default {@code name}, which keys its offsets
 * @param connector  the database it reads
 * @param properties Debezium properties as given, passed to the engine over the capture defaults
 */
public record CaptureSourceSettings(String name, CaptureConnector connector, Map<String, String> properties) {

    /** Names end up in Kafka client ids, slot names and topic names: plain letters, digits, '-' and '_'. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

    public CaptureSourceSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(connector, "connector");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("capture source name '" + name + "' must match " + NAME);
        }
        properties = Map.copyOf(properties);
    }

    /** The properties in key order, for printing. */
    public Map<String, String> sortedProperties() {
        return new TreeMap<>(properties);
    }
}
