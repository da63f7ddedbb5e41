package dev.invalidator.schemas.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.invalidator.schemas.change.Operation;
import dev.invalidator.schemas.json.InvalidFieldException;
import dev.invalidator.schemas.request.InvalidationRequest;

class InvalidationBroadcastTest {

    private static final BroadcastPosition POSITION = BroadcastPosition.first("invalidator-0", 1);

    @Test
    void constructor_nullLists_becomeEmpty() {
        InvalidationBroadcast broadcast = new InvalidationBroadcast(POSITION, 0, new BroadcastCause.Repair(null),
                null, null, null, true);

        assertThat(broadcast.keys()).isEmpty();
        assertThat(broadcast.invalidatesNothing()).isFalse();
    }

    @Test
    void constructor_missingPositionOrCause_namesIt() {
        assertThatThrownBy(() -> new InvalidationBroadcast(null, 0, new BroadcastCause.Heartbeat(),
                null, null, null, false))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessage("/position: is required");
        assertThatThrownBy(() -> new InvalidationBroadcast(POSITION, 0, null, null, null, null, false))
                .hasMessage("/cause: is required");
    }

    @Test
    void constructor_tooManyKeys_namesKeys() {
        List<String> keys = Collections.nCopies(InvalidationBroadcast.MAX_ITEMS + 1, "k");

        assertThatThrownBy(() -> new InvalidationBroadcast(POSITION, 0, new BroadcastCause.Heartbeat(),
                keys, null, null, false)).hasMessage("/keys: has 10001 items, at most 10000 are allowed");
    }

    @Test
    void constructor_negativePublishTime_isRejected() {
        assertThatThrownBy(() -> InvalidationBroadcast.heartbeat(POSITION, -1))
                .hasMessageStartingWith("/publishedAtMillis: is -1");
    }

    @Test
    void position_boundsAreChecked() {
        assertThatThrownBy(() -> new BroadcastPosition("", 1, 1)).hasMessageStartingWith("/position/publisherId: ");
        assertThatThrownBy(() -> new BroadcastPosition("p", -1, 1)).hasMessageStartingWith("/position/epoch: ");
        assertThatThrownBy(() -> new BroadcastPosition("p", 1, 0)).hasMessageStartingWith("/position/sequence: ");
        assertThatThrownBy(() -> new BroadcastPosition("p", 1, BroadcastPosition.MAX_COUNTER + 1))
                .hasMessageStartingWith("/position/sequence: ");
    }

    @Test
    void position_next_stepsTheSequenceOnly() {
        assertThat(new BroadcastPosition("p", 4, 9).next()).isEqualTo(new BroadcastPosition("p", 4, 10));
        assertThat(new BroadcastPosition("p", 4, 9)).hasToString("p@4#9");
    }

    @Test
    void changeCause_needsEveryField() {
        assertThatThrownBy(() -> new BroadcastCause.Change("t", null, "lsn")).hasMessage("/cause/op: is required");
        assertThatThrownBy(() -> new BroadcastCause.Change("t", Operation.DELETE, ""))
                .hasMessageStartingWith("/cause/sourcePosition: ");
    }

    @Test
    void requestCause_of_takesIdAndSourceFromTheRequest() {
        InvalidationRequest request = InvalidationRequest.forKeys("req-1", "billing", List.of("k"));

        assertThat(BroadcastCause.Request.of(request)).isEqualTo(new BroadcastCause.Request("req-1", "billing"));
    }

    @Test
    void batchCause_ofOneOrOfARepair_isRefusedNamingTheField() {
        BroadcastCause.Change change = new BroadcastCause.Change("t", Operation.UPDATE, "lsn 0/1");

        assertThatThrownBy(() -> new BroadcastCause.Batch(List.of(change)))
                .hasMessage("/cause/causes: must hold 2 to 10000 causes, held 1");
        assertThatThrownBy(() -> new BroadcastCause.Batch(List.of(change, new BroadcastCause.Repair(null))))
                .hasMessage("/cause/causes/1/type: must be change or request, was repair");
    }

    @Test
    void causes_ofABatch_areItsCausesInOrder_andOfAnyOtherCause_theCauseAlone() {
        BroadcastCause.Change change = new BroadcastCause.Change("t", Operation.UPDATE, "lsn 0/1");
        BroadcastCause.Request request = new BroadcastCause.Request("req-1", "billing");

        InvalidationBroadcast batch = new InvalidationBroadcast(POSITION, 0,
                new BroadcastCause.Batch(List.of(request, change)), List.of("k"), null, null, false);
        InvalidationBroadcast single = new InvalidationBroadcast(POSITION, 0, change, List.of("k"), null, null, false);

        assertThat(batch.causes()).containsExactly(request, change);
        assertThat(single.causes()).containsExactly(change);
    }
}
