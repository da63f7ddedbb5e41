package dev.invalidator.service.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** Reads the benchmarks' {@code bench.*} system properties; every error names the property. */
final class BenchProperties {

    private BenchProperties() {
    }

    /** The property's value, stripped; empty when unset or blank. */
    static Optional<String> text(Properties properties, String name) {
        return Optional.ofNullable(properties.getProperty(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** A whole number of at least {@code min} ({@code 200_000} allowed), or {@code fallback} when unset. */
    static int number(Properties properties, String name, int fallback, int min) {
        Optional<String> value = text(properties, name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.get().replace("_", ""));
            if (parsed >= min) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the property's name
        }
        throw new IllegalArgumentException(name + " must be a whole number of at least " + min + ", was '"
                + value.get() + "'");
    }

    /** {@code max.poll.records=2000,linger.ms=1} as a map, in order; empty when unset. */
    static Map<String, String> pairs(Properties properties, String name) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : text(properties, name).orElse("").split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(name + " must be key=value pairs separated by commas, had '"
                        + pair.strip() + "'");
            }
            pairs.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
        }
        return pairs;
    }
}
