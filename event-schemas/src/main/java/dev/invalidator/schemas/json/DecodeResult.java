package dev.invalidator.schemas.json;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a codec made of some bytes: the message, or every reason it is not one. Bad input is a {@link Rejected},
 * never an exception, so a consumer can route it to a dead-letter topic or answer an HTTP 400 without a try block.
 *
 * @param <T> the message type
 */
public sealed interface DecodeResult<T> permits DecodeResult.Decoded, DecodeResult.Rejected {

    /** The message, or empty when the input was rejected. */
    Optional<T> decoded();

    /** Every problem found, in document order where the validator gives one; empty when the input was decoded. */
    List<Violation> violations();

    /** The input was a valid message. */
    record Decoded<T>(T message) implements DecodeResult<T> {

        public Decoded {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public Optional<T> decoded() {
            return Optional.of(message);
        }

        @Override
        public List<Violation> violations() {
            return List.of();
        }
    }

    /** The input was not a valid message; {@code violations} is never empty. */
    record Rejected<T>(List<Violation> violations) implements DecodeResult<T> {

        /** How many problems {@link #describe()} spells out before it only counts the rest. */
        private static final int DESCRIBED = 20;

        public Rejected {
            violations = List.copyOf(violations);
            if (violations.isEmpty()) {
                throw new IllegalArgumentException("a rejection needs at least one violation");
            }
        }

        @Override
        public Optional<T> decoded() {
            return Optional.empty();
        }

        /**
         * One line for logs and dead-letter headers. A message with 10,000 bad items has 10,000 violations, so
         * past the first {@value #DESCRIBED} this only counts them; {@link #violations()} still has them all.
         */
        public String describe() {
            StringBuilder text = new StringBuilder();
            int shown = Math.min(DESCRIBED, violations.size());
            for (int i = 0; i < shown; i++) {
                if (i > 0) {
                    text.append("; ");
                }
                text.append(violations.get(i));
            }
            if (violations.size() > shown) {
                text.append("; and ").append(violations.size() - shown).append(" more");
            }
            return text.toString();
        }
    }
}
