package dev.invalidator.it.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.schemas.broadcast.BroadcastCause;
import dev.invalidator.schemas.broadcast.InvalidationBroadcast;
import dev.invalidator.schemas.broadcast.InvalidationBroadcastCodec;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The broadcasts a service published on a topic, decoded, in order. The service merges each poll batch's changes and
 * requests into as few broadcasts as it can, so how many broadcasts some changes make depends on how they fell into
 * batches; what tests count is the changes and requests announced, the broadcasts' causes one by one.
 *
 * @param broadcasts every broadcast read, in order
 */
record BroadcastsRead(List<InvalidationBroadcast> broadcasts) {

    private static final InvalidationBroadcastCodec CODEC = new InvalidationBroadcastCodec();

    /**
     * Reads the topic from the beginning until its broadcasts announce {@code causes} changes and requests (heartbeats
     * count one each), and checks that no more follow.
     */
    static BroadcastsRead read(TestKafka kafka, String topic, int causes) {
        BroadcastsRead read = new BroadcastsRead(decode(kafka.readUntil(topic,
                records -> new BroadcastsRead(decode(records)).causes().size() >= causes)));
        assertThat(read.causes()).as("causes announced on " + topic).hasSize(causes);
        return read;
    }

    /** The causes of every broadcast one by one, in order: a batch's causes, or a broadcast's single cause. */
    List<BroadcastCause> causes() {
        return broadcasts.stream().flatMap(broadcast -> broadcast.causes().stream()).toList();
    }

    private static List<InvalidationBroadcast> decode(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(record -> CODEC.decode(record.value()).decoded().orElseThrow()).toList();
    }
}
