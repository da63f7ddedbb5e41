package dev.invalidator.schemas.json;

/**
 * A message record was given a field value its schema does not allow. Carries the field's JSON pointer, so that a
 * codec can report it the same way as a schema violation.
 */
public final class InvalidFieldException extends IllegalArgumentException {

    private final transient Violation violation;

    public InvalidFieldException(String pointer, String problem) {
        super(pointer + ": " + problem);
        this.violation = new Violation(pointer, problem);
    }

    public Violation violation() {
        return violation;
    }
}
