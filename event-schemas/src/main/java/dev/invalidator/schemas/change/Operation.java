package dev.invalidator.schemas.change;

import java.util.Optional;

/** The kind of row change, with the one-letter code Debezium writes in {@code op}. */
public enum Operation {
    CREATE("c"),
    UPDATE("u"),
    DELETE("d"),
    /** A row read by a snapshot, not a change. */
    READ("r"),
    TRUNCATE("t");

    private final String code;

    Operation(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The operation for a Debezium {@code op} code, empty when the code is not one Debezium writes. */
    public static Optional<Operation> fromCode(String code) {
        for (Operation op : values()) {
            if (op.code.equals(code)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
