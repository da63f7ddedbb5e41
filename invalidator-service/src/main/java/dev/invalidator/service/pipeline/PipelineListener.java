package dev.invalidator.service.pipeline;

/**
 * Told of the pipeline's progress, on the loop thread; must return quickly and not throw. The default methods do
 * nothing.
 */
public interface PipelineListener {

    /** A listener that ignores everything. */
    PipelineListener NONE = new PipelineListener() {
    };

    /**
     * The batch was applied to Redis and its broadcasts were acknowledged; its offsets are committed next. A crash
     * from here on replays the batch.
     */
    default void applied(Batch batch) {
    }
}
