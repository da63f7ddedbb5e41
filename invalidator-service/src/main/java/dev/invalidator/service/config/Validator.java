package dev.invalidator.service.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A check on a parsed value beyond its type.
 *
 * @param <T> the value's type
 */
@FunctionalInterface
public interface Validator<T> {

    /** @return what is wrong, in the words of the expected form ("must be between 1 and 65535"), or empty */
    Optional<String> check(T value);

    static <T> Validator<T> any() {
        return value -> Optional.empty();
    }

    static Validator<Integer> between(int min, int max) {
        return value -> value < min || value > max
                ? Optional.of("must be between " + min + " and " + max) : Optional.empty();
    }

    static Validator<Integer> atLeast(int min) {
        return value -> value < min ? Optional.of("must be at least " + min) : Optional.empty();
    }

    static Validator<Long> atLeast(long min) {
        return value -> value < min ? Optional.of("must be at least " + min) : Optional.empty();
    }

    static Validator<Duration> positive() {
        return value -> value.isZero() || value.isNegative() ? Optional.of("must be longer than 0") : Optional.empty();
    }

    static Validator<String> notBlank() {
        return value -> value.isBlank() ? Optional.of("must not be empty") : Optional.empty();
    }

    static Validator<java.util.List<String>> notEmptyList() {
        return value -> value.isEmpty() ? Optional.of("must name at least one entry") : Optional.empty();
    }

    static Validator<String> oneOf(String... allowed) {
        java.util.List<String> choices = java.util.List.of(allowed);
        return value -> choices.contains(value) ? Optional.empty()
                : Optional.of("must be one of " + String.join(", ", choices));
    }

    static Validator<String> regex() {
        return value -> {
            try {
                Pattern.compile(value);
                return Optional.empty();
            } catch (PatternSyntaxException e) {
                return Optional.of("must be a Java regular expression (" + e.getDescription() + " at index "
                        + e.getIndex() + ")");
            }
        };
    }
}
