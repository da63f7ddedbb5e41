package dev.invalidator.rules.template;

/** Why a target was not rendered. */
public enum SkipReason {
    /** The event carries no such image: a create's before, a delete's after, an update without a before-image. */
    IMAGE_MISSING("the event has no such image"),
    /** The image has no such column: a column the table lacks, or a name misspelt in the rule. */
    COLUMN_MISSING("the image has no such column"),
    /** The value is SQL NULL. */
    NULL("the value is NULL"),
    /** PostgreSQL did not send the value because it is an unchanged TOAST value; it is unknown, not empty. */
    UNAVAILABLE("the value was not sent (unchanged TOAST value)"),
    /** The value could not be decoded without guessing. */
    UNDECODABLE("the value could not be decoded"),
    /**
     * The table's before-images hold only the key columns (PostgreSQL {@code REPLICA IDENTITY DEFAULT}); Debezium
     * fills the other columns with type defaults, which are not what the row held.
     */
    BEFORE_IMAGE_PARTIAL("the table's before-images are true only for key columns"),
    /**
     * A refresh could not write its value because the event has no position that orders it against other changes
     * (a connector this reader does not know, a flattened event without one): the key is deleted instead.
     */
    NO_SOURCE_ORDER("the event has no comparable source position; the key is deleted instead"),
    /**
     * A refresh could not write its value because a projected column is missing, was not sent (unchanged TOAST
     * value) or could not be decoded: a partial value would be wrong, so the key is deleted instead.
     */
    PROJECTION_INCOMPLETE("a projected column has no usable value; the key is deleted instead");

    private final String description;

    SkipReason(String description) {
        this.description = description;
    }

    /** A short explanation for people, as in a plan printed by {@code rules test}. */
    public String description() {
        return description;
    }
}
