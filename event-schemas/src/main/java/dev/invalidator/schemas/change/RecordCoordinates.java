package dev.invalidator.schemas.change;

/** Where a record was read from, so an error can name it. */
public record RecordCoordinates(String topic, int partition, long offset) {

    @Override
    public String toString() {
        return "topic " + topic + " partition " + partition + " offset " + offset;
    }
}
