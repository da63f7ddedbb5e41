package dev.invalidator.service.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the text of one configuration value becomes a typed value, and back. The same text comes from a YAML scalar or
 * from an environment variable, so both read alike.
 *
 * @param name      the type's name in the reference table
 * @param form      the expected form, said when a value does not parse ("an integer, e.g. 6379")
 * @param parser    text to value; throws {@link IllegalArgumentException} when the text is not of the form
 * @param formatter value to the text that parses back to it
 * @param <T>       the value's Java type
 */
public record FieldType<T>(String name, String form, Function<String, T> parser, Function<T, String> formatter) {

    public static final FieldType<String> STRING = new FieldType<>("string", "text", text -> text, value -> value);

    public static final FieldType<Integer> INT = new FieldType<>("int", "an integer, e.g. 6379",
            text -> Integer.parseInt(text.strip()), String::valueOf);

    public static final FieldType<Long> LONG = new FieldType<>("long", "an integer, e.g. 10000000",
            text -> Long.parseLong(text.strip()), String::valueOf);

    public static final FieldType<Boolean> BOOLEAN = new FieldType<>("boolean", "true or false",
            FieldType::parseBoolean, String::valueOf);

    public static final FieldType<Duration> DURATION = new FieldType<>("duration",
            "a whole number with a unit ms, s, m or h, e.g. 500ms or 30s", FieldType::parseDuration,
            FieldType::formatDuration);

    public static final FieldType<List<String>> LIST = new FieldType<>("list",
            "a YAML list of strings or one comma-separated string, e.g. host1:9092,host2:9092", FieldType::parseList,
            value -> String.join(",", value));

    public static final FieldType<Path> PATH = new FieldType<>("path", "a file system path", FieldType::parsePath,
            Path::toString);

    private static final Pattern DURATION_TEXT = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    /** @throws IllegalArgumentException when the text is not of this type's form */
    public T parse(String text) {
        return parser.apply(text);
    }

    /** A sequence in YAML: only lists take one, item by item. */
    @SuppressWarnings("unchecked")
    T parseItems(List<String> items) {
        if (this != LIST) {
            throw new IllegalArgumentException("a list");
        }
        return (T) List.copyOf(parseList(String.join(",", items)));
    }

    public String format(T value) {
        return formatter.apply(value);
    }

    private static Boolean parseBoolean(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException(text);
        };
    }

    private static Duration parseDuration(String text) {
        Matcher matcher = DURATION_TEXT.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(text);
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    private static String formatDuration(Duration value) {
        long millis = value.toMillis();
        if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }

    private static List<String> parseList(String text) {
        List<String> items = new ArrayList<>();
        for (String item : text.split(",")) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return List.copyOf(items);
    }

    private static Path parsePath(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("empty path");
        }
        try {
            return Path.of(text.strip());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
