package dev.invalidator.service.config;

/**
 * One thing wrong with the configuration.
 *
 * @param source  where: {@code file:line:column}, or {@code environment variable NAME}
 * @param key     the configuration key concerned
 * @param message what is wrong and what was expected
 */
public record ConfigProblem(String source, String key, String message) {

    @Override
    public String toString() {
        return source + ": " + key + ": " + message;
    }
}
