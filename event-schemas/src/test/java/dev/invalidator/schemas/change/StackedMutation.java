package dev.invalidator.schemas.change;

import java.util.List;

/** Several mutations applied one after the other: damage rarely comes alone. */
record StackedMutation(List<Mutation> steps) implements Mutation {

    @Override
    public String kind() {
        return "stacked";
    }

    @Override
    public RecordBytes apply(RecordBytes record) {
        RecordBytes result = record;
        for (Mutation step : steps) {
            result = step.apply(result);
        }
        return result;
    }
}
