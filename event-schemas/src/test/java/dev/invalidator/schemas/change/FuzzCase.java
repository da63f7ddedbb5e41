package dev.invalidator.schemas.change;

/**
 * One try: a recorded sample, the damage done to it, and the coordinates handed to the reader (the sample's own, or
 * odd ones, or none).
 */
record FuzzCase(FuzzSeed seed, Mutation mutation, RecordCoordinates coordinates) {

    RecordBytes input() {
        return mutation.apply(seed.bytes());
    }
}
