package dev.invalidator.service.run;

import dev.invalidator.service.config.ServiceConfig;
import dev.invalidator.service.config.ServiceFields;
import dev.invalidator.service.embedded.kafka.KafkaTopics;
import dev.invalidator.service.pipeline.PipelineSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics the service writes or is written to when they are missing: without them a request sent before
 * the first would be lost to a consumer that subscribed by pattern, and a dead letter would wait for auto-creation.
 */
final class ServiceTopics {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceTopics.class);

    private ServiceTopics() {
    }

    static void createMissing(ServiceConfig config, PipelineSettings settings) {
        List<String> topics = new ArrayList<>();
        settings.requestsTopic().ifPresent(topics::add);
        topics.add(settings.deadLetterTopic());
        if (config.get(ServiceFields.BROADCAST_TRANSPORT).equals("kafka")) {
            topics.add(config.get(ServiceFields.KAFKA_BROADCAST_TOPIC));
        }
        Map<String, Object> admin = new HashMap<>(settings.kafkaOverrides());
        try (KafkaTopics kafka = KafkaTopics.connect(settings.bootstrapServers(), admin)) {
            for (String topic : topics) {
                try {
                    if (kafka.createIfAbsent(topic, 1)) {
                        LOG.info("created topic {}", topic);
                    }
                } catch (RuntimeException e) {
                    throw new StartupException("cannot create topic " + topic + " on " + settings.bootstrapServers()
                            + " (create it yourself and set " + ServiceFields.KAFKA_TOPICS_CREATE.name()
                            + ": false): " + e.getMessage(), e);
                }
            }
        }
    }
}
