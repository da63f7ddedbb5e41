package dev.invalidator.service.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.invalidator.schemas.broadcast.BroadcastCause;
import dev.invalidator.schemas.broadcast.BroadcastPosition;
import dev.invalidator.schemas.broadcast.InvalidationBroadcast;
import dev.invalidator.schemas.broadcast.InvalidationBroadcastCodec;
import dev.invalidator.schemas.change.Operation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BroadcastPublisherTest {

    private static final BroadcastCause CAUSE =
            new BroadcastCause.Change("pg.inv.customers", Operation.UPDATE, "lsn 0/172CE18 txId 752");

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final BroadcastPublisher publisher = new BroadcastPublisher(new KafkaBroadcastSink(producer, "broadcast"),
            new BroadcastPublisher.Settings("node-1", 3, Duration.ofSeconds(5)), 0);

    @Test
    void publish_announcements_mergesEachCallIntoOneBroadcast_numberedInOrderKeyedByPublisher() throws Exception {
        publisher.publish(List.of(announcement(List.of("customer:1")), announcement(List.of("customer:2"))), 1000);
        publisher.publish(List.of(announcement(List.of("customer:3"))), 2000);

        assertThat(producer.history()).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsOnly("node-1");
        assertThat(sent()).extracting(InvalidationBroadcast::position).containsExactly(
                new BroadcastPosition("node-1", 3, 1), new BroadcastPosition("node-1", 3, 2));
        assertThat(sent()).extracting(InvalidationBroadcast::keys).containsExactly(
                List.of("customer:1", "customer:2"), List.of("customer:3"));
        assertThat(sent().get(0).cause()).isEqualTo(new BroadcastCause.Batch(List.of(CAUSE, CAUSE)));
        assertThat(sent().get(1).cause()).isEqualTo(CAUSE);
    }

    @Test
    void publish_moreKeysThanOneBroadcastHolds_splitsThem() throws Exception {
        List<String> keys = IntStream.range(0, InvalidationBroadcast.MAX_ITEMS + 1).mapToObj(i -> "k:" + i).toList();

        publisher.publish(List.of(announcement(keys)), 1000);

        assertThat(sent()).extracting(b -> b.keys().size()).containsExactly(InvalidationBroadcast.MAX_ITEMS, 1);
        assertThat(sent()).extracting(b -> b.position().sequence()).containsExactly(1L, 2L);
    }

    @Test
    void publish_softAnnouncement_sendsSoftBroadcasts() throws Exception {
        publisher.publish(List.of(new Announcement(new BroadcastCause.Repair("test"), List.of("customer:1"),
                List.of(), List.of(), true), announcement(List.of("customer:2"))), 1000);

        assertThat(sent()).extracting(InvalidationBroadcast::soft).containsExactly(false, true);
    }

    @Test
    void publish_targetTooLongForTheFormat_clearsAllInstead() throws Exception {
        String tooLong = "k".repeat(InvalidationBroadcast.MAX_TARGET_LENGTH + 1);

        publisher.publish(List.of(announcement(List.of("customer:1", tooLong))), 1000);

        assertThat(sent()).singleElement().satisfies(b -> {
            assertThat(b.clearAll()).isTrue();
            assertThat(b.keys()).containsExactly("customer:1");
        });
    }

    @Test
    void publish_sendRefused_namesThePositionAndTopic() {
        producer.sendException = new KafkaException("broker gone");

        assertThatThrownBy(() -> publisher.publish(List.of(announcement(List.of("customer:1"))), 1000))
                .isInstanceOf(BroadcastException.class)
                .hasMessageContaining("broadcast node-1@3#1 to topic broadcast was not acknowledged")
                .hasMessageContaining("broker gone");
    }

    @Test
    void publish_againAfterARefusal_sendsTheSameBroadcastsAtTheSamePositions() throws Exception {
        producer.sendException = new KafkaException("broker gone");
        List<Announcement> announcements = List.of(announcement(List.of("customer:1")));
        assertThatThrownBy(() -> publisher.publish(announcements, 1000)).isInstanceOf(BroadcastException.class);
        producer.sendException = null;

        publisher.publish(announcements, 2000);
        publisher.publish(List.of(announcement(List.of("customer:2"))), 3000);

        assertThat(sent()).extracting(b -> b.position().sequence()).containsExactly(1L, 2L);
        assertThat(sent().get(0).publishedAtMillis()).isEqualTo(1000);
    }

    @Test
    @Timeout(30) // without the flush, send would wait for acknowledgements that never come
    void publish_producerHoldingRecordsUntilFlushed_sendsThemAtOnceAndReturnsAcknowledged() throws Exception {
        MockProducer<byte[], byte[]> holding =
                new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        BroadcastPublisher held = new BroadcastPublisher(new KafkaBroadcastSink(holding, "broadcast"),
                new BroadcastPublisher.Settings("node-1", 3, Duration.ofSeconds(5)), 0);

        held.publish(List.of(announcement(List.of("customer:1")), new Announcement(CAUSE, List.of("customer:2"),
                List.of(), List.of(), true)), 1000);

        assertThat(holding.history()).hasSize(2);
        assertThat(holding.completeNext()).as("a record still waiting").isFalse();
    }

    @Test
    void producerConfig_noBatchSizeGiven_batchesAPollsBroadcastsTogether() {
        PipelineSettings pipeline = PipelineSettings.of("127.0.0.1:9092", "group", Pattern.compile("pg\\..*"),
                "dead-letters");

        Map<String, Object> config = BroadcastPublisher.producerConfig(pipeline,
                BroadcastPublisher.Settings.of("node-1", 3));

        assertThat(config).containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    }

    @Test
    void producerConfig_batchSizeInTheClientSettings_keepsIt() {
        PipelineSettings pipeline = new PipelineSettings("127.0.0.1:9092", "group", Pattern.compile("pg\\..*"),
                Optional.empty(), "dead-letters", Duration.ofMillis(500),
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10)),
                Map.of(ProducerConfig.BATCH_SIZE_CONFIG, "16384"));

        assertThat(BroadcastPublisher.producerConfig(pipeline, BroadcastPublisher.Settings.of("node-1", 3)))
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, "16384");
    }

    @Test
    void heartbeatIfIdle_onlyAfterTheIntervalWithoutAMessage() throws Exception {
        long second = Duration.ofSeconds(1).toNanos();

        assertThat(publisher.heartbeatIfIdle(4 * second, 4000)).as("4 s after start").isFalse();
        assertThat(publisher.heartbeatIfIdle(5 * second, 5000)).as("5 s after start").isTrue();
        assertThat(publisher.heartbeatIfIdle(9 * second, 9000)).as("4 s after the heartbeat").isFalse();

        assertThat(sent()).singleElement().satisfies(b -> {
            assertThat(b.cause()).isEqualTo(new BroadcastCause.Heartbeat());
            assertThat(b.position()).isEqualTo(new BroadcastPosition("node-1", 3, 1));
            assertThat(b.publishedAtMillis()).isEqualTo(5000);
        });
        assertThat(publisher.nextPosition()).isEqualTo(new BroadcastPosition("node-1", 3, 2));
    }

    private static Announcement announcement(List<String> keys) {
        return new Announcement(CAUSE, keys, List.of(), List.of());
    }

    private List<InvalidationBroadcast> sent() {
        InvalidationBroadcastCodec codec = new InvalidationBroadcastCodec();
        return producer.history().stream()
                .map(ProducerRecord::value)
                .map(bytes -> codec.decode(bytes).decoded().orElseThrow())
                .toList();
    }
}
