package dev.invalidator.rules.condition;

import dev.invalidator.schemas.change.Operation;
import java.util.Map;
import java.util.Optional;

/**
 * How {@code op} reads in a condition: the words rule files use in {@code on:} ({@code create}, {@code update},
 * {@code delete}, {@code read}, {@code truncate}). Debezium's one-letter codes are accepted where a condition
 * compares {@code op} with a literal, and turned into the words when the condition compiles.
 */
final class OpNames {

    static final String ALL = "create, update, delete, read, truncate";

    private static final Map<String, String> ACCEPTED = Map.of(
            "create", "create", "c", "create",
            "update", "update", "u", "update",
            "delete", "delete", "d", "delete",
            "read", "read", "r", "read",
            "truncate", "truncate", "t", "truncate");

    private OpNames() {
    }

    static String of(Operation op) {
        return switch (op) {
            case CREATE -> "create";
            case UPDATE -> "update";
            case DELETE -> "delete";
            case READ -> "read";
            case TRUNCATE -> "truncate";
        };
    }

    /** The word for a literal a condition compares {@code op} with, empty when it names no operation. */
    static Optional<String> normalize(String literal) {
        return Optional.ofNullable(ACCEPTED.get(literal));
    }
}
