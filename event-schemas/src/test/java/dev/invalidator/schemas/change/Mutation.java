package dev.invalidator.schemas.change;

/**
 * One way of damaging a record. Implementations are records of the choices jqwik made (which side, which byte or
 * JSON node, which replacement), so a failure report shows exactly what was done, and applying is deterministic.
 * Positions are picks taken modulo what the input offers, because the input is only known when the mutation is
 * applied.
 */
interface Mutation {

    /** The name statistics group this mutation under. */
    String kind();

    RecordBytes apply(RecordBytes record);
}
