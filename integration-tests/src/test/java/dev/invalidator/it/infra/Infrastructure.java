package dev.invalidator.it.infra;

import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.testcontainers.DockerClientFactory;

/**
 * Where the integration tests' Kafka, PostgreSQL, Redis and MariaDB come from: one switch for every test class,
 * the system property {@value #PROPERTY} or, when it is not set, the environment variable {@value #VARIABLE}:
 * <ul>
 *   <li>{@code local}: real services on this machine: {@code EmbeddedKafka} (a KRaft broker in a child JVM), an
 *       embedded PostgreSQL (zonky binaries, {@code wal_level=logical}), the Redis on 127.0.0.1:6379 and a
 *       {@code mariadbd} of the test's own;</li>
 *   <li>{@code containers}: Testcontainers ({@code apache/kafka}, {@code postgres} with logical WAL,
 *       {@code redis}, {@code mariadb}); needs a Docker daemon;</li>
 *   <li>{@code auto} (the default): containers when Docker answers, local otherwise.</li>
 * </ul>
 * Helpers ask {@link #chosen()} when they start; no state is kept here (Testcontainers remembers its own Docker
 * probe, so asking again is cheap).
 */
public enum Infrastructure {
    LOCAL,
    CONTAINERS;

    public static final String PROPERTY = "it.services";
    public static final String VARIABLE = "IT_SERVICES";

    /** What the switch says, with {@code auto} resolved by asking Docker. */
    public static Infrastructure chosen() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return parse(property, "-D" + PROPERTY, Infrastructure::dockerAnswers);
        }
        return parse(System.getenv(VARIABLE), VARIABLE, Infrastructure::dockerAnswers);
    }

    /**
     * The choice that {@code value} (null or blank: {@code auto}), read from {@code from}, stands for.
     *
     * @throws IllegalArgumentException naming {@code from} and the values it takes, for any other value
     */
    static Infrastructure parse(String value, String from, BooleanSupplier dockerAnswers) {
        String choice = value == null || value.isBlank() ? "auto" : value.trim().toLowerCase(Locale.ROOT);
        return switch (choice) {
            case "auto" -> dockerAnswers.getAsBoolean() ? CONTAINERS : LOCAL;
            case "local" -> LOCAL;
            case "containers" -> CONTAINERS;
            default -> throw new IllegalArgumentException(from + "=" + value
                    + " is not one of auto, local, containers");
        };
    }

    private static boolean dockerAnswers() {
        return DockerClientFactory.instance().isDockerAvailable();
    }
}
