package dev.invalidator.service.config;

import dev.invalidator.service.capture.CaptureConnector;
import dev.invalidator.service.capture.CaptureSourceSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Collects the settings under {@code capture.sources.<name>.}: {@code connector} (required, one of the known
 * connectors) and {@code properties.*} (Debezium properties, passed through as given).
 */
final class CaptureSourcesReader {

    static final String CONNECTOR = "connector";
    static final String PROPERTIES = "properties.";

    private static final class Source {
        final String firstSeen;
        CaptureConnector connector;
        final Map<String, String> properties = new TreeMap<>();

        Source(String firstSeen) {
            this.firstSeen = firstSeen;
        }
    }

    private final Map<String, Source> sources = new LinkedHashMap<>();

    /** Takes one setting whose key starts with {@link ServiceFields#CAPTURE_SOURCES_PREFIX}. */
    void read(YamlSettings.Setting setting, List<ConfigProblem> problems) {
        String key = setting.key();
        String rest = key.substring(ServiceFields.CAPTURE_SOURCES_PREFIX.length());
        int dot = rest.indexOf('.');
        String name = dot < 0 ? rest : rest.substring(0, dot);
        String sub = dot < 0 ? "" : rest.substring(dot + 1);
        if (!CaptureSourceSettings.NAME.matcher(name).matches()) {
            problems.add(new ConfigProblem(setting.source(), key, "a capture source's name may hold letters, digits, "
                    + "'-' and '_' only; got '" + name + "'"));
            return;
        }
        Source source = sources.computeIfAbsent(name, n -> new Source(setting.source()));
        if (sub.equals(CONNECTOR)) {
            Optional<String> text = scalar(setting, problems);
            text.ifPresent(value -> CaptureConnector.byName(value).ifPresentOrElse(c -> source.connector = c,
                    () -> problems.add(new ConfigProblem(setting.source(), key, "must be one of "
                            + CaptureConnector.names() + "; got '" + value + "'"))));
        } else if (sub.startsWith(PROPERTIES) && sub.length() > PROPERTIES.length()) {
            String property = sub.substring(PROPERTIES.length());
            if (property.equals("connector.class")) {
                problems.add(new ConfigProblem(setting.source(), key, "is set by " + ServiceFields.CAPTURE_SOURCES_PREFIX
                        + name + "." + CONNECTOR + "; remove it"));
                return;
            }
            passThrough(setting).ifPresent(value -> source.properties.put(property, value));
        } else {
            problems.add(new ConfigProblem(setting.source(), key, "unknown key: a capture source takes '"
                    + CONNECTOR + "' and '" + PROPERTIES + "*' (Debezium properties)"));
        }
    }

    /** @return the sources in the order the file names them; a source without a connector is a problem */
    List<CaptureSourceSettings> finish(List<ConfigProblem> problems) {
        List<CaptureSourceSettings> settings = new ArrayList<>();
        sources.forEach((name, source) -> {
            if (source.connector == null) {
                if (problems.stream().noneMatch(p -> p.key().equals(ServiceFields.CAPTURE_SOURCES_PREFIX + name + "."
                        + CONNECTOR))) {
                    problems.add(new ConfigProblem(source.firstSeen, ServiceFields.CAPTURE_SOURCES_PREFIX + name + "."
                            + CONNECTOR, "required: one of " + CaptureConnector.names()));
                }
            } else {
                settings.add(new CaptureSourceSettings(name, source.connector, source.properties));
            }
        });
        return settings;
    }

    private static Optional<String> scalar(YamlSettings.Setting setting, List<ConfigProblem> problems) {
        if (setting.shape() == YamlSettings.Shape.SCALAR) {
            return Optional.of(setting.text());
        }
        problems.add(new ConfigProblem(setting.source(), setting.key(), "expected one of "
                + CaptureConnector.names()));
        return Optional.empty();
    }

    private static Optional<String> passThrough(YamlSettings.Setting setting) {
        return switch (setting.shape()) {
            case SCALAR -> Optional.of(setting.text());
            case SEQUENCE -> Optional.of(String.join(",", setting.items()));
            default -> Optional.empty();
        };
    }
}
