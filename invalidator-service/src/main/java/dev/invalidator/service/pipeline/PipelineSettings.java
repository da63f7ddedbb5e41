package dev.invalidator.service.pipeline;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the pipeline needs to run.
 *
 * @param bootstrapServers the Kafka cluster
 * @param groupId          the consumer group every instance of the service joins
 * @param topics           the change topics, by pattern
 * @param requestsTopic    the topic of explicit invalidation requests, read in the same group; none when empty
 * @param deadLetterTopic  where unreadable events, events whose rules failed and invalid requests go
 * @param pollTimeout      how long one poll waits for records
 * @param backoff          how long to wait between retries while Redis or Kafka is unavailable
 * @param kafkaOverrides   further client settings (TLS, SASL, ...), applied to the consumer and the producer
 * @param planningThreads  threads that read and plan a large poll batch, the pipeline's own included
 */
public record PipelineSettings(String bootstrapServers, String groupId, Pattern topics, Optional<String> requestsTopic,
                               String deadLetterTopic, Duration pollTimeout, Backoff backoff,
                               Map<String, Object> kafkaOverrides, int planningThreads) {

    /** Most planning threads chosen when none is asked for: past a few, the single consumer thread limits. */
    public static final int MAX_AUTOMATIC_PLANNING_THREADS = 4;

    public PipelineSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(requestsTopic, "requestsTopic");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Objects.requireNonNull(pollTimeout, "pollTimeout");
        Objects.requireNonNull(backoff, "backoff");
        kafkaOverrides = Map.copyOf(Objects.requireNonNull(kafkaOverrides, "kafkaOverrides"));
        if (planningThreads < 1) {
            throw new IllegalArgumentException("planningThreads must be at least 1, was " + planningThreads);
        }
        if (topics.matcher(deadLetterTopic).matches() || requestsTopic.filter(deadLetterTopic::equals).isPresent()) {
            throw new IllegalArgumentException("the dead-letter topic " + deadLetterTopic
                    + " is one the pipeline reads: dead letters would be read back");
        }
    }

    /** Settings that plan on {@link #automaticPlanningThreads()} threads. */
    public PipelineSettings(String bootstrapServers, String groupId, Pattern topics, Optional<String> requestsTopic,
                            String deadLetterTopic, Duration pollTimeout, Backoff backoff,
                            Map<String, Object> kafkaOverrides) {
        this(bootstrapServers, groupId, topics, requestsTopic, deadLetterTopic, pollTimeout, backoff, kafkaOverrides,
                automaticPlanningThreads());
    }

    /** One planning thread per available processor, at most {@value #MAX_AUTOMATIC_PLANNING_THREADS}. */
    public static int automaticPlanningThreads() {
        return Math.min(MAX_AUTOMATIC_PLANNING_THREADS, Runtime.getRuntime().availableProcessors());
    }

    /** Settings with a 500 ms poll, back-off from 100 ms to 10 s, no requests topic and no client overrides. */
    public static PipelineSettings of(String bootstrapServers, String groupId, Pattern topics, String deadLetterTopic) {
        return new PipelineSettings(bootstrapServers, groupId, topics, Optional.empty(), deadLetterTopic,
                Duration.ofMillis(500), new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10)), Map.of());
    }

    public PipelineSettings withBackoff(Backoff backoff) {
        return new PipelineSettings(bootstrapServers, groupId, topics, requestsTopic, deadLetterTopic, pollTimeout,
                backoff, kafkaOverrides, planningThreads);
    }

    public PipelineSettings withTopics(Pattern topics) {
        return new PipelineSettings(bootstrapServers, groupId, topics, requestsTopic, deadLetterTopic, pollTimeout,
                backoff, kafkaOverrides, planningThreads);
    }


    /** Every topic the consumer reads: the change topics and, when set, the requests topic. */
    public Pattern subscription() {
        return requestsTopic
                .map(requests -> Pattern.compile("(?:" + topics.pattern() + ")|" + Pattern.quote(requests)))
                .orElse(topics);
    }
}
