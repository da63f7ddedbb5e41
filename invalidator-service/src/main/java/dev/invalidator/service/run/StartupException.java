package dev.invalidator.service.run;

/** The service could not start: the message says what to fix (a rule file at file:line:column, a topic, a setting). */
public final class StartupException extends RuntimeException {

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
