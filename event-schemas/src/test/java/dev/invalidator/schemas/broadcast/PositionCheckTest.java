package dev.invalidator.schemas.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class PositionCheckTest {

    private static final String PUBLISHER = "invalidator-0";

    @Test
    void classify_nothingSeenYet_isFirstContact() {
        assertThat(PositionCheck.classify(null, position(3, 1))).isEqualTo(new Continuity.FirstContact(0));
        assertThat(PositionCheck.classify(null, position(3, 8))).isEqualTo(new Continuity.FirstContact(7));
    }

    @Test
    void classify_nextSequence_isInOrder() {
        assertThat(PositionCheck.classify(position(3, 41), position(3, 42))).isEqualTo(new Continuity.InOrder());
    }

    @Test
    void classify_sameOrEarlierSequence_isDuplicate() {
        assertThat(PositionCheck.classify(position(3, 42), position(3, 42))).isEqualTo(new Continuity.Duplicate());
        assertThat(PositionCheck.classify(position(3, 42), position(3, 7))).isEqualTo(new Continuity.Duplicate());
    }

    @Test
    void classify_skippedSequences_isGapOfThatMany() {
        assertThat(PositionCheck.classify(position(3, 42), position(3, 43 + 5))).isEqualTo(new Continuity.Gap(5));
    }

    @Test
    void classify_laterEpoch_isNewEpoch() {
        assertThat(PositionCheck.classify(position(3, 42), position(4, 1))).isEqualTo(new Continuity.NewEpoch(3, 0));
        assertThat(PositionCheck.classify(position(3, 42), position(9, 5))).isEqualTo(new Continuity.NewEpoch(3, 4));
    }

    @Test
    void classify_earlierEpoch_isStale() {
        assertThat(PositionCheck.classify(position(4, 1), position(3, 43))).isEqualTo(new Continuity.StaleEpoch());
    }

    @Test
    void classify_differentPublishers_isRejected() {
        assertThatThrownBy(() -> PositionCheck.classify(position(3, 1), new BroadcastPosition("other", 3, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("different publishers");
    }

    @Test
    void continuity_advancesAndMissed_matchEachAnswer() {
        assertThat(List.of(new Continuity.FirstContact(3), new Continuity.InOrder(), new Continuity.Duplicate(),
                new Continuity.Gap(2), new Continuity.NewEpoch(1, 0), new Continuity.StaleEpoch()))
                .extracting(Continuity::advances, Continuity::missedMessages)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(true, false),
                        org.assertj.core.groups.Tuple.tuple(true, false),
                        org.assertj.core.groups.Tuple.tuple(false, false),
                        org.assertj.core.groups.Tuple.tuple(true, true),
                        org.assertj.core.groups.Tuple.tuple(true, true),
                        org.assertj.core.groups.Tuple.tuple(false, false));
    }

    /** A lossless, in-order channel within one epoch never raises an alarm. */
    @Property(tries = 200)
    void classify_losslessStream_isAlwaysInOrder(@ForAll @IntRange(min = 1, max = 300) int messages,
                                                 @ForAll @LongRange(min = 0, max = 1_000_000) long epoch) {
        BroadcastPosition last = null;
        BroadcastPosition next = BroadcastPosition.first(PUBLISHER, epoch);
        for (int i = 0; i < messages; i++) {
            Continuity continuity = PositionCheck.classify(last, next);
            assertThat(continuity).isEqualTo(i == 0 ? new Continuity.FirstContact(0) : new Continuity.InOrder());
            last = next;
            next = next.next();
        }
    }

    /**
     * A channel that drops messages (and keeps order) within one epoch: the gaps a subscriber sees add up to exactly
     * the messages dropped between the first and the last one it received.
     */
    @Property(tries = 500)
    void classify_lossyStream_countsEveryDroppedMessage(@ForAll("deliveries") List<Boolean> delivered) {
        List<BroadcastPosition> received = new ArrayList<>();
        BroadcastPosition sent = BroadcastPosition.first(PUBLISHER, 7);
        for (boolean arrives : delivered) {
            if (arrives) {
                received.add(sent);
            }
            sent = sent.next();
        }

        long reportedMissing = 0;
        BroadcastPosition last = null;
        for (BroadcastPosition position : received) {
            Continuity continuity = PositionCheck.classify(last, position);
            if (continuity instanceof Continuity.Gap gap) {
                reportedMissing += gap.missed();
            }
            assertThat(continuity.advances()).isTrue();
            last = position;
        }

        int first = delivered.indexOf(true);
        int lastDelivered = delivered.lastIndexOf(true);
        long droppedBetween = first < 0 ? 0
                : delivered.subList(first, lastDelivered + 1).stream().filter(arrived -> !arrived).count();
        assertThat(reportedMissing).isEqualTo(droppedBetween);
    }

    /** Every redelivered message is recognised, whatever was seen after it in the same epoch. */
    @Property(tries = 300)
    void classify_redelivery_isDuplicateAndDoesNotAdvance(@ForAll @LongRange(min = 1, max = 10_000) long seen,
                                                          @ForAll @LongRange(min = 0, max = 10_000) long back) {
        BroadcastPosition last = position(5, seen);
        BroadcastPosition again = position(5, Math.max(1, seen - back));

        Continuity continuity = PositionCheck.classify(last, again);

        assertThat(continuity).isEqualTo(new Continuity.Duplicate());
        assertThat(continuity.advances()).isFalse();
    }

    /** The position only ever moves forward: a message advances exactly when it is after the last seen one. */
    @Property(tries = 1000)
    void classify_advances_exactlyWhenLaterInEpochThenSequenceOrder(
            @ForAll("positions") BroadcastPosition last, @ForAll("positions") BroadcastPosition next) {
        Continuity continuity = PositionCheck.classify(last, next);

        boolean later = next.epoch() > last.epoch()
                || (next.epoch() == last.epoch() && next.sequence() > last.sequence());
        assertThat(continuity.advances()).isEqualTo(later);
        assertThat(continuity.missedMessages()).isEqualTo(continuity instanceof Continuity.Gap
                || continuity instanceof Continuity.NewEpoch);
    }

    @Provide
    Arbitrary<List<Boolean>> deliveries() {
        return Arbitraries.frequency(
                        net.jqwik.api.Tuple.of(8, true),
                        net.jqwik.api.Tuple.of(2, false))
                .list().ofMaxSize(200);
    }

    @Provide
    Arbitrary<BroadcastPosition> positions() {
        return net.jqwik.api.Combinators.combine(
                        Arbitraries.longs().between(0, 4),
                        Arbitraries.longs().between(1, 6))
                .as((epoch, sequence) -> new BroadcastPosition(PUBLISHER, epoch, sequence));
    }

    private static BroadcastPosition position(long epoch, long sequence) {
        return new BroadcastPosition(PUBLISHER, epoch, sequence);
    }
}
