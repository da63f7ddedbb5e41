package dev.invalidator.service.config;

import java.util.Locale;
import java.util.Objects;

/**
 * One configuration key, declared once: its dotted YAML path, type, default, validation and description. The README's
 * reference table is generated from these declarations.
 *
 * @param name         dotted YAML path, e.g. {@code kafka.bootstrap.servers}
 * @param type         how its text parses
 * @param defaultValue the value when neither the file nor the environment sets it; null for an optional key
 * @param validator    checks beyond the type
 * @param description  one sentence for the reference table
 * @param secret       true for passwords and tokens: never printed, never echoed in an error
 * @param <T>          the value's type
 */
public record Field<T>(String name, FieldType<T> type, T defaultValue, Validator<T> validator, String description,
                       boolean secret) {

    /** The prefix of every environment variable that overrides a key. */
    public static final String ENV_PREFIX = "INVALIDATOR_";

    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(validator, "validator");
        Objects.requireNonNull(description, "description");
    }

    public static <T> Field<T> of(String name, FieldType<T> type, T defaultValue, Validator<T> validator,
                                  String description) {
        return new Field<>(name, type, Objects.requireNonNull(defaultValue, "defaultValue"), validator, description,
                false);
    }

    /** A key with no default: unset unless configured. */
    public static <T> Field<T> optional(String name, FieldType<T> type, Validator<T> validator, String description) {
        return new Field<>(name, type, null, validator, description, false);
    }

    /** This key, never printed nor echoed. */
    public Field<T> asSecret() {
        return new Field<>(name, type, defaultValue, validator, description, true);
    }

    /**
     * The environment variable overriding this key: {@code INVALIDATOR_} then the key upper-cased with every '.' and
     * '-' turned into '_' ({@code kafka.dead-letter.topic} → {@code INVALIDATOR_KAFKA_DEAD_LETTER_TOPIC}).
     */
    public String envVariable() {
        return envVariable(name);
    }

    static String envVariable(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The default as it is written in YAML, or empty for an optional key. */
    public String defaultText() {
        return defaultValue == null ? "" : type.format(defaultValue);
    }

    /** The value as it may be printed: masked for a secret. */
    public String display(T value) {
        if (value == null) {
            return "(unset)";
        }
        return secret ? Secrets.MASK : type.format(value);
    }
}
