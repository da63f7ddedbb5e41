package dev.invalidator.service.capture;

import dev.invalidator.rules.engine.BeforeImages;

/** A PostgreSQL table's {@code REPLICA IDENTITY} ({@code pg_class.relreplident}): what its before-images hold. */
public enum ReplicaIdentity {
    /** {@code d}: the primary key's columns only. */
    DEFAULT,
    /** {@code f}: every column. */
    FULL,
    /** {@code i}: the columns of the index named by {@code REPLICA IDENTITY USING INDEX}. */
    INDEX,
    /** {@code n}: nothing. */
    NOTHING;

    /** The identity for a {@code relreplident} code. */
    public static ReplicaIdentity ofCode(String code) {
        return switch (code) {
            case "d" -> DEFAULT;
            case "f" -> FULL;
            case "i" -> INDEX;
            case "n" -> NOTHING;
            default -> throw new IllegalArgumentException("unknown pg_class.relreplident '" + code + "'");
        };
    }

    /** What the rules engine may trust of the table's before-images. */
    public BeforeImages.Identity beforeImages() {
        return this == FULL ? BeforeImages.Identity.FULL : BeforeImages.Identity.KEY_COLUMNS_ONLY;
    }

    /** As {@code ALTER TABLE ... REPLICA IDENTITY} spells it. */
    public String sql() {
        return this == INDEX ? "USING INDEX" : name();
    }
}
