package dev.invalidator.client.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.invalidator.schemas.broadcast.BroadcastCause;
import dev.invalidator.schemas.broadcast.BroadcastPosition;
import dev.invalidator.schemas.broadcast.InvalidationBroadcast;
import dev.invalidator.schemas.broadcast.InvalidationBroadcastCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class DeliveryTest {

    private static final long NOW = 1_800_000_000_000L;
    private static final InvalidationBroadcastCodec CODEC = new InvalidationBroadcastCodec();

    private final RecordingSubscriber subscriber = new RecordingSubscriber();
    private final FollowerCounters counters = new FollowerCounters();
    private final AtomicBoolean settled = new AtomicBoolean();

    private Delivery kafka() {
        return new Delivery(subscriber, GapRule.kafka(), counters, () -> NOW);
    }

    private Delivery pubSub() {
        return new Delivery(subscriber, GapRule.pubSub(settled::get), counters, () -> NOW);
    }

    private static byte[] keys(String publisher, long epoch, long sequence, String... keys) {
        return CODEC.encode(new InvalidationBroadcast(new BroadcastPosition(publisher, epoch, sequence), NOW - 40,
                new BroadcastCause.Request("r-" + sequence, "test"), List.of(keys), List.of(), List.of(), false));
    }

    private static byte[] heartbeat(String publisher, long epoch, long sequence) {
        return CODEC.encode(InvalidationBroadcast.heartbeat(new BroadcastPosition(publisher, epoch, sequence), NOW - 7));
    }

    @Test
    void deliver_inOrderMessagesAreAppliedWithoutMiss() {
        Delivery delivery = kafka();
        delivery.deliver(keys("a", 1, 5, "k5"), 0, "here");
        delivery.deliver(keys("a", 1, 6, "k6"), 0, "here");
        delivery.deliver(heartbeat("a", 1, 7), 0, "here");
        delivery.deliver(keys("a", 1, 8, "k8"), 0, "here");

        assertThat(subscriber.missed()).isEmpty();
        assertThat(subscriber.applied()).extracting(b -> b.keys().get(0)).containsExactly("k5", "k6", "k8");
        FollowerStats stats = counters.snapshot();
        assertThat(stats.messagesApplied()).isEqualTo(3);
        assertThat(stats.heartbeats()).isEqualTo(1);
        assertThat(stats.repairs()).isZero();
        assertThat(stats.lastLag()).isEqualTo(Duration.ofMillis(40));
        assertThat(stats.maxLag()).isEqualTo(Duration.ofMillis(40));
    }

    @Test
    void deliver_sequenceGapReportsGapThenApplies() {
        Delivery delivery = kafka();
        delivery.deliver(keys("a", 1, 5, "k5"), 0, "topic t partition 0 offset 9");
        delivery.deliver(keys("a", 1, 8, "k8"), 0, "topic t partition 0 offset 10");

        assertThat(subscriber.calls()).hasSize(3);
        RecordingSubscriber.Call miss = subscriber.calls().get(1);
        assertThat(miss.reason()).isEqualTo(MissReason.GAP);
        assertThat(miss.detail()).contains("2 message(s)", "a@1#5", "a@1#8", "offset 10");
        assertThat(subscriber.applied()).extracting(b -> b.keys().get(0)).containsExactly("k5", "k8");
        assertThat(counters.snapshot().missed(MissReason.GAP)).isEqualTo(1);
    }

    @Test
    void deliver_gapInHeartbeatsIsAGapToo() {
        Delivery delivery = pubSub();
        delivery.deliver(heartbeat("a", 1, 1), 0, "here");
        delivery.deliver(heartbeat("a", 1, 3), 0, "here");

        assertThat(subscriber.missed()).containsExactly(MissReason.GAP);
    }

    @Test
    void deliver_publishersAreTrackedApart() {
        Delivery delivery = kafka();
        delivery.deliver(keys("a", 1, 1), 0, "here");
        delivery.deliver(keys("b", 4, 9), 0, "here");
        delivery.deliver(keys("a", 1, 2), 0, "here");
        delivery.deliver(keys("b", 4, 10), 0, "here");

        assertThat(subscriber.missed()).isEmpty();
    }

    @Test
    void deliver_duplicateIsAppliedAgainWithoutMovingBack() {
        Delivery delivery = kafka();
        delivery.deliver(keys("a", 1, 5, "k5"), 0, "here");
        delivery.deliver(keys("a", 1, 6, "k6"), 0, "here");
        delivery.deliver(keys("a", 1, 5, "k5"), 0, "here");
        delivery.deliver(keys("a", 1, 7, "k7"), 0, "here");

        assertThat(subscriber.missed()).isEmpty();
        assertThat(subscriber.applied()).hasSize(4);
    }

    @Test
    void deliver_kafkaNewEpochFromItsStartIsFine() {
        Delivery delivery = kafka();
        delivery.deliver(keys("a", 1, 5), 0, "here");
        delivery.deliver(keys("a", 2, 1), 0, "here");

        assertThat(subscriber.missed()).isEmpty();
    }

    @Test
    void deliver_kafkaNewEpochMidwayIsAGap() {
        Delivery delivery = kafka();
        delivery.deliver(keys("a", 1, 5), 0, "here");
        delivery.deliver(keys("a", 2, 3), 0, "here");

        assertThat(subscriber.missed()).containsExactly(MissReason.GAP);
    }

    @Test
    void deliver_kafkaNewEpochOnAnotherPartitionIsAGap() {
        Delivery delivery = kafka();
        delivery.deliver(keys("a", 1, 5), 0, "here");
        delivery.deliver(keys("a", 2, 1), 1, "there");

        assertThat(subscriber.missed()).containsExactly(MissReason.GAP);
    }

    @Test
    void deliver_kafkaFirstContactMidEpochIsFine() {
        kafka().deliver(keys("a", 3, 500), 0, "here");

        assertThat(subscriber.missed()).isEmpty();
    }

    @Test
    void deliver_pubSubNewEpochIsAGapEvenFromItsStart() {
        Delivery delivery = pubSub();
        delivery.deliver(keys("a", 1, 5), 0, "here");
        delivery.deliver(keys("a", 2, 1), 0, "here");

        assertThat(subscriber.missed()).containsExactly(MissReason.GAP);
    }

    @Test
    void deliver_pubSubFirstContactMidEpochIsFineUntilSettled() {
        Delivery delivery = pubSub();
        delivery.deliver(keys("a", 1, 5), 0, "here");
        settled.set(true);
        delivery.deliver(keys("b", 1, 5), 0, "here");
        delivery.deliver(keys("c", 1, 1), 0, "here");

        assertThat(subscriber.calls()).filteredOn(call -> call.reason() != null).singleElement()
                .satisfies(call -> assertThat(call.detail()).contains("4 earlier message(s) of publisher b"));
    }

    @Test
    void deliver_olderEpochAfterNewerReportsRegressionOnceAndFollowsIt() {
        Delivery delivery = kafka();
        delivery.deliver(keys("a", 7, 3), 0, "here");
        delivery.deliver(keys("a", 6, 1), 0, "here");
        delivery.deliver(keys("a", 6, 2), 0, "here");
        delivery.deliver(keys("a", 6, 3), 0, "here");

        assertThat(subscriber.missed()).containsExactly(MissReason.PUBLISHER_REGRESSED);
        assertThat(subscriber.applied()).hasSize(4);
    }

    @Test
    void deliver_unreadableMessageIsReportedAndTheNextOneApplied() {
        Delivery delivery = kafka();
        delivery.deliver(keys("a", 1, 1), 0, "here");
        delivery.deliver("{\"version\":1}".getBytes(StandardCharsets.UTF_8), 0, "topic t partition 0 offset 4");
        delivery.deliver(null, 0, "topic t partition 0 offset 5");
        delivery.deliver(keys("a", 1, 2), 0, "here");

        assertThat(subscriber.missed()).containsExactly(MissReason.UNREADABLE_MESSAGE, MissReason.UNREADABLE_MESSAGE);
        assertThat(subscriber.calls().get(1).detail()).contains("offset 4", "position");
        assertThat(subscriber.applied()).hasSize(2);
        assertThat(counters.snapshot().missed(MissReason.UNREADABLE_MESSAGE)).isEqualTo(2);
    }

    @Test
    void forgetPartition_nextMessageFromThereIsAFirstContact() {
        Delivery delivery = kafka();
        delivery.deliver(keys("a", 1, 1), 0, "here");
        delivery.deliver(keys("b", 1, 1), 1, "there");
        delivery.forgetPartition(0);
        delivery.deliver(keys("a", 1, 50), 0, "here");
        delivery.deliver(keys("b", 1, 50), 1, "there");

        assertThat(subscriber.missed()).containsExactly(MissReason.GAP);
    }

    @Test
    void forgetAll_nextMessagesAreFirstContacts() {
        Delivery delivery = pubSub();
        delivery.deliver(keys("a", 1, 1), 0, "here");
        delivery.forgetAll();
        delivery.deliver(keys("a", 1, 9), 0, "here");

        assertThat(subscriber.missed()).isEmpty();
    }

    @Test
    void deliver_subscriberFailureIsNotSwallowed() {
        BroadcastSubscriber failing = new BroadcastSubscriber() {
            @Override
            public void onBroadcast(InvalidationBroadcast broadcast) {
                throw new IllegalStateException("cache is broken");
            }

            @Override
            public void onMissed(MissReason reason, String detail) {
            }
        };
        Delivery delivery = new Delivery(failing, GapRule.kafka(), counters, () -> NOW);

        assertThatThrownBy(() -> delivery.deliver(keys("a", 1, 1, "k"), 2, "topic t partition 2 offset 8"))
                .isInstanceOf(SubscriberException.class)
                .hasMessageContaining("a@1#1").hasMessageContaining("offset 8")
                .hasRootCauseMessage("cache is broken");
        assertThat(counters.snapshot().messagesApplied()).isZero();
    }

    @Test
    void lag_isNeverNegativeAndMaxIsKept() {
        counters.lag(NOW - 300, NOW);
        counters.lag(NOW + 50, NOW);

        assertThat(counters.snapshot().lastLag()).isZero();
        assertThat(counters.snapshot().maxLag()).isEqualTo(Duration.ofMillis(300));
    }
}
