package dev.invalidator.it.run;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The names one test uses, all carrying one random run id, so that tests sharing a broker and a Redis never see each
 * other's topics, groups or keys.
 *
 * @param run            the run id
 * @param prefix         prefix of every cache key the test writes
 * @param namespace      the service's Redis namespace ({@code redis.namespace})
 * @param changeTopic    the change topic, named as Debezium would ({@code <topic prefix>.inv.customers})
 * @param requestsTopic  the requests topic
 * @param deadLetterTopic the dead-letter topic
 * @param broadcastTopic the broadcast topic
 * @param group          the service's consumer group
 */
record TestNames(String run, String prefix, String namespace, String changeTopic, String requestsTopic,
                 String deadLetterTopic, String broadcastTopic, String group) {

    static TestNames random() {
        String run = "it-" + UUID.randomUUID().toString().substring(0, 8);
        return new TestNames(run, run + ":", run + "-inv:", run + ".inv.customers", run + ".requests",
                run + ".dead-letter", run + ".broadcast", run);
    }

    /** A regular expression matching the change topic only, for {@code kafka.topics.pattern}. */
    String changeTopicPattern() {
        return Pattern.quote(changeTopic);
    }
}
