package dev.invalidator.service.config;

import dev.invalidator.service.capture.CaptureSourceSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The service's configuration: one YAML file, then environment overrides, checked against {@link ServiceFields}.
 * Loading either gives a configuration in which every key has a valid value, or throws a {@link ConfigException}
 * listing every problem found, each naming its key and where it was set.
 *
 * <p>Environment overrides: {@code INVALIDATOR_} followed by the key upper-cased with '.' and '-' as '_'
 * ({@code INVALIDATOR_KAFKA_BOOTSTRAP_SERVERS} sets {@code kafka.bootstrap.servers}); Kafka client properties as
 * {@code INVALIDATOR_KAFKA_CLIENT_} followed by the property upper-cased with '.' as '_'
 * ({@code INVALIDATOR_KAFKA_CLIENT_SASL_JAAS_CONFIG} sets {@code sasl.jaas.config}). An empty variable is ignored.
 */
public final class ServiceConfig {

    private static final String KAFKA_CLIENT_ENV_PREFIX = Field.envVariable(ServiceFields.KAFKA_CLIENT_PREFIX);

    private final Map<String, Object> values;
    private final Set<String> given;
    private final Map<String, String> kafkaClient;
    private final List<CaptureSourceSettings> captureSources;

    private ServiceConfig(Map<String, Object> values, Set<String> given, Map<String, String> kafkaClient,
                          List<CaptureSourceSettings> captureSources) {
        this.values = Map.copyOf(values);
        this.given = Set.copyOf(given);
        this.kafkaClient = Map.copyOf(kafkaClient);
        this.captureSources = List.copyOf(captureSources);
    }

    /**
     * Reads {@code file} and applies the overrides found in {@code environment} (normally {@code System.getenv()}).
     *
     * @throws ConfigException naming every problem
     */
    public static ServiceConfig load(Path file, Map<String, String> environment) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(file.toString(), "(file)",
                    "cannot read: " + e.getMessage())));
        }
        return parse(file.toString(), content, environment);
    }

    /**
     * Reads configuration text; {@code fileName} only names it in problems.
     *
     * @throws ConfigException naming every problem
     */
    public static ServiceConfig parse(String fileName, String content, Map<String, String> environment) {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, Field<?>> declared = new LinkedHashMap<>();
        for (Field<?> field : ServiceFields.ALL) {
            declared.put(field.name(), field);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> kafkaClient = new TreeMap<>();
        CaptureSourcesReader captures = new CaptureSourcesReader();

        List<YamlSettings.Setting> settings = new YamlSettings().read(fileName, content,
                List.copyOf(declared.keySet()), problems);
        for (YamlSettings.Setting setting : settings) {
            String key = setting.key();
            Field<?> field = declared.get(key);
            if (field != null) {
                fromFile(field, setting, problems).ifPresent(value -> values.put(key, value));
            } else if (key.startsWith(ServiceFields.KAFKA_CLIENT_PREFIX)) {
                passThrough(setting).ifPresent(value ->
                        kafkaClient.put(key.substring(ServiceFields.KAFKA_CLIENT_PREFIX.length()), value));
            } else if (key.startsWith(ServiceFields.CAPTURE_SOURCES_PREFIX)) {
                captures.read(setting, problems);
            } else {
                problems.add(new ConfigProblem(setting.source(), key, unknown(key, declared)));
            }
        }

        for (Field<?> field : ServiceFields.ALL) {
            String variable = field.envVariable();
            String text = environment.get(variable);
            if (text != null && !text.isEmpty()) {
                String source = "environment variable " + variable;
                parse(field, text, source, problems).ifPresent(value -> values.put(field.name(), value));
            }
        }
        environment.forEach((variable, text) -> {
            if (variable.startsWith(KAFKA_CLIENT_ENV_PREFIX) && variable.length() > KAFKA_CLIENT_ENV_PREFIX.length()
                    && !text.isEmpty()) {
                kafkaClient.put(variable.substring(KAFKA_CLIENT_ENV_PREFIX.length()).toLowerCase(Locale.ROOT)
                        .replace('_', '.'), text);
            }
        });

        Set<String> given = new HashSet<>(values.keySet());
        for (Field<?> field : ServiceFields.ALL) {
            if (!values.containsKey(field.name()) && field.defaultValue() != null) {
                values.put(field.name(), field.defaultValue());
            }
        }
        List<CaptureSourceSettings> captureSources = captures.finish(problems);
        checkTogether(values, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ServiceConfig(values, given, kafkaClient, captureSources);
    }

    /** Every key at its default. */
    public static ServiceConfig defaults() {
        return parse("(defaults)", "", Map.of());
    }

    /**
     * @return the key's value
     * @throws NoSuchElementException for an optional key that is not set; use {@link #find(Field)} for those
     */
    public <T> T get(Field<T> field) {
        return find(field).orElseThrow(() -> new NoSuchElementException(field.name() + " is not set"));
    }

    /** @return the key's value, empty for an optional key that is not set */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> find(Field<T> field) {
        return Optional.ofNullable((T) values.get(field.name()));
    }

    /**
     * Whether the file or the environment set the key, rather than its default filling it in: {@code run --embedded}
     * starts what the configuration does not name.
     */
    public boolean isSet(Field<?> field) {
        return given.contains(field.name());
    }

    /**
     * This configuration with {@code field} set to {@code value}, as if given; for settings a program decides, such as
     * the address of a broker it started.
     *
     * @throws IllegalArgumentException when the value breaks the field's validation
     */
    public <T> ServiceConfig with(Field<T> field, T value) {
        Objects.requireNonNull(value, field.name());
        field.validator().check(value).ifPresent(wrong -> {
            throw new IllegalArgumentException(field.name() + " " + wrong + "; got '" + field.type().format(value)
                    + "'");
        });
        Map<String, Object> changed = new LinkedHashMap<>(values);
        changed.put(field.name(), value);
        Set<String> nowGiven = new HashSet<>(given);
        nowGiven.add(field.name());
        return new ServiceConfig(changed, nowGiven, kafkaClient, captureSources);
    }

    /** This configuration with one more capture source, after those it has. */
    public ServiceConfig withCaptureSource(CaptureSourceSettings source) {
        if (captureSources.stream().anyMatch(existing -> existing.name().equals(source.name()))) {
            throw new IllegalArgumentException("capture source " + source.name() + " exists already");
        }
        List<CaptureSourceSettings> sources = new ArrayList<>(captureSources);
        sources.add(source);
        return new ServiceConfig(values, given, kafkaClient, sources);
    }

    /** The {@code kafka.client.*} properties, without the prefix, as given: the Kafka clients check them. */
    public Map<String, String> kafkaClientProperties() {
        return kafkaClient;
    }

    /** The {@code capture.sources.<name>.*} sources, in the order the file names them; empty when none. */
    public List<CaptureSourceSettings> captureSources() {
        return captureSources;
    }

    /** One {@code key = value} line per key, then per Kafka client property and capture source; secrets masked. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (Field<?> field : ServiceFields.ALL) {
            lines.add(field.name() + " = " + display(field));
        }
        new TreeMap<>(kafkaClient).forEach((property, value) -> lines.add(ServiceFields.KAFKA_CLIENT_PREFIX + property
                + " = " + (Secrets.isSecret(property) ? Secrets.MASK : value)));
        for (CaptureSourceSettings source : captureSources) {
            String prefix = ServiceFields.CAPTURE_SOURCES_PREFIX + source.name() + ".";
            lines.add(prefix + CaptureSourcesReader.CONNECTOR + " = " + source.connector().configName());
            source.sortedProperties().forEach((property, value) -> lines.add(prefix
                    + CaptureSourcesReader.PROPERTIES + property + " = "
                    + (Secrets.isSecret(property) ? Secrets.MASK : value)));
        }
        return lines;
    }

    @Override
    public String toString() {
        return "ServiceConfig{" + String.join(", ", describe()) + "}";
    }

    private <T> String display(Field<T> field) {
        return field.display(find(field).orElse(null));
    }

    private static Optional<Object> fromFile(Field<?> field, YamlSettings.Setting setting,
                                             List<ConfigProblem> problems) {
        return switch (setting.shape()) {
            case NULL -> Optional.empty();
            case SCALAR -> parse(field, setting.text(), setting.source(), problems).map(value -> value);
            case MAPPING -> {
                problems.add(new ConfigProblem(setting.source(), field.name(),
                        "expected " + field.type().form() + ", got a mapping"));
                yield Optional.empty();
            }
            case SEQUENCE -> parseItems(field, setting, problems).map(value -> value);
        };
    }

    private static <T> Optional<T> parseItems(Field<T> field, YamlSettings.Setting setting,
                                              List<ConfigProblem> problems) {
        T value;
        try {
            value = field.type().parseItems(setting.items());
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigProblem(setting.source(), field.name(),
                    "expected " + field.type().form() + ", got a list"));
            return Optional.empty();
        }
        return validate(field, value, setting.source(), problems);
    }

    private static <T> Optional<T> parse(Field<T> field, String text, String source, List<ConfigProblem> problems) {
        T value;
        try {
            value = field.type().parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigProblem(source, field.name(), "expected " + field.type().form() + got(field, text)));
            return Optional.empty();
        }
        return validate(field, value, source, problems);
    }

    private static <T> Optional<T> validate(Field<T> field, T value, String source, List<ConfigProblem> problems) {
        Optional<String> wrong = field.validator().check(value);
        if (wrong.isPresent()) {
            problems.add(new ConfigProblem(source, field.name(), wrong.get() + got(field, field.type().format(value))));
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /** "; got 'abc'", except for a secret, which is never echoed. */
    private static String got(Field<?> field, String text) {
        if (field.secret()) {
            return "";
        }
        return text.isEmpty() ? "; got nothing" : "; got '" + text + "'";
    }

    private static Optional<String> passThrough(YamlSettings.Setting setting) {
        return switch (setting.shape()) {
            case SCALAR -> Optional.of(setting.text());
            case SEQUENCE -> Optional.of(String.join(",", setting.items()));
            default -> Optional.empty();
        };
    }

    private static String unknown(String key, Map<String, Field<?>> declared) {
        return Suggestions.nearest(key, declared.keySet())
                .map(best -> "unknown key (did you mean '" + best + "'?)")
                .orElse("unknown key (the README's \"Configuration reference\" lists every key; Kafka client "
                        + "properties go under '" + ServiceFields.KAFKA_CLIENT_PREFIX + "', capture sources under '"
                        + ServiceFields.CAPTURE_SOURCES_PREFIX + "<name>.')");
    }

    private static void checkTogether(Map<String, Object> values, List<ConfigProblem> problems) {
        // Without a password no AUTH is sent, so a user alone would silently connect as the default user.
        if (values.containsKey(ServiceFields.REDIS_USER.name())
                && !values.containsKey(ServiceFields.REDIS_PASSWORD.name())) {
            problems.add(new ConfigProblem("(together)", ServiceFields.REDIS_USER.name(),
                    "needs " + ServiceFields.REDIS_PASSWORD.name() + ": without a password Redis is not told the "
                            + "user, and the connection would be the default user's"));
        }
        Object initial = values.get(ServiceFields.RETRY_INITIAL_BACKOFF.name());
        Object max = values.get(ServiceFields.RETRY_MAX_BACKOFF.name());
        if (initial instanceof java.time.Duration first && max instanceof java.time.Duration last
                && last.compareTo(first) < 0) {
            problems.add(new ConfigProblem("(together)", ServiceFields.RETRY_MAX_BACKOFF.name(),
                    "must be at least " + ServiceFields.RETRY_INITIAL_BACKOFF.name() + " ("
                            + FieldType.DURATION.format(first) + "); got '" + FieldType.DURATION.format(last) + "'"));
        }
    }
}
