package dev.invalidator.client.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.invalidator.schemas.request.InvalidationRequest;
import dev.invalidator.schemas.request.InvalidationRequestCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Validation and record shape, over Kafka's own in-memory producer; InvalidationPublisherIT in integration-tests sends
 * to a real broker.
 */
class InvalidationPublisherTest {

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final InvalidationPublisher publisher =
            new InvalidationPublisher(producer, InvalidationPublisher.DEFAULT_TOPIC);
    private final InvalidationRequestCodec codec = new InvalidationRequestCodec();

    @Test
    void invalidateKeys_emptyKey_rejectedNamingTheFieldAndNothingSent() {
        assertThatThrownBy(() -> publisher.invalidateKeys("pricing", "product:7", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/keys/1");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void invalidateTags_tagTooLong_rejectedNamingTheField() {
        String tooLong = "t".repeat(InvalidationRequest.MAX_TARGET_LENGTH + 1);
        assertThatThrownBy(() -> publisher.invalidateTags("pricing", tooLong))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/tags/0");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void invalidatePatterns_blankSource_rejectedNamingTheField() {
        assertThatThrownBy(() -> publisher.invalidatePatterns("", "product:*"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/source");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void request_noTargets_rejected() {
        assertThatThrownBy(() -> publisher.request("pricing").cascade().publish())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one of keys, patterns, tags");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void invalidateVersions_valid_sentAsVersionedKeys() {
        PublishedRequest published = publisher.invalidateVersions("accounts", "user:7").join();

        InvalidationRequest sent = codec.decode(producer.history().get(0).value()).decoded().orElseThrow();
        assertThat(sent).isEqualTo(new InvalidationRequest(published.requestId(), "accounts", List.of(), List.of(),
                List.of(), List.of("user:7"), false, false, null));
    }

    @Test
    void invalidateKeys_valid_sentKeyedByIdToTheRequestsTopic() {
        PublishedRequest published = publisher.invalidateKeys("pricing", "product:7", "product:sku:A").join();

        assertThat(producer.history()).hasSize(1);
        ProducerRecord<byte[], byte[]> record = producer.history().get(0);
        assertThat(record.topic()).isEqualTo("invalidator.requests");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(published.requestId());
        InvalidationRequest sent = codec.decode(record.value()).decoded().orElseThrow();
        assertThat(sent).isEqualTo(new InvalidationRequest(published.requestId(), "pricing",
                List.of("product:7", "product:sku:A"), List.of(), List.of(), false, false, null));
        assertThat(published.topic()).isEqualTo("invalidator.requests");
    }

    @Test
    void request_allFields_carriedIntoTheRecord() {
        publisher.request("pricing").id("req-42").keys("product:7").patterns("category:3:page:*")
                .tags("category:3").cascade().dryRun().reason("re-priced").publish().join();

        InvalidationRequest sent = codec.decode(producer.history().get(0).value()).decoded().orElseThrow();
        assertThat(sent).isEqualTo(new InvalidationRequest("req-42", "pricing", List.of("product:7"),
                List.of("category:3:page:*"), List.of("category:3"), true, true, "re-priced"));
    }

    @Test
    void request_soft_carriedIntoTheRecord() {
        publisher.request("pricing").id("req-43").keys("product:7").soft().publish().join();

        InvalidationRequest sent = codec.decode(producer.history().get(0).value()).decoded().orElseThrow();
        assertThat(sent.soft()).isTrue();
        assertThat(sent.keys()).containsExactly("product:7");
    }

    @Test
    void publish_brokerRefuses_futureFailsNamingRequestAndTopic() {
        MockProducer<byte[], byte[]> manual =
                new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        InvalidationPublisher refused = new InvalidationPublisher(manual, "requests");

        CompletableFuture<PublishedRequest> future =
                refused.publish(InvalidationRequest.forKeys("req-1", "pricing", List.of("product:7")));
        manual.errorNext(new NotEnoughReplicasException("too few replicas"));

        assertThatThrownBy(future::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(PublishException.class)
                .hasMessageContaining("req-1").hasMessageContaining("requests").hasMessageContaining("too few replicas");
    }

    @Test
    void builder_weakerAcks_refusedNamingTheSetting() {
        assertThatThrownBy(() -> InvalidationPublisher.builder().clientProperty("acks", "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("acks=all");
        assertThatThrownBy(() -> InvalidationPublisher.builder().clientProperty("enable.idempotence", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("enable.idempotence");
    }

    @Test
    void builder_sameValuesAsRequired_accepted() {
        InvalidationPublisher.builder().clientProperty("acks", "all").clientProperty("enable.idempotence", true)
                .clientProperty("value.serializer", ByteArraySerializer.class);
    }

    @Test
    void builder_withoutBootstrapServers_refused() {
        assertThatThrownBy(() -> InvalidationPublisher.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("bootstrap.servers");
    }
}
