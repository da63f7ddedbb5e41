package dev.invalidator.client.broadcast;

import dev.invalidator.schemas.broadcast.InvalidationBroadcast;
import java.util.ArrayList;
import java.util.List;

/** Remembers what it was told, in order; thread-safe so tests can read while a follower delivers. */
final class RecordingSubscriber implements BroadcastSubscriber {

    /** One call: a broadcast applied, or a miss reported. */
    record Call(InvalidationBroadcast broadcast, MissReason reason, String detail) {
    }

    private final List<Call> calls = new ArrayList<>();
    private Freshness freshness;

    @Override
    public synchronized void onBroadcast(InvalidationBroadcast broadcast) {
        calls.add(new Call(broadcast, null, null));
    }

    @Override
    public synchronized void onMissed(MissReason reason, String detail) {
        calls.add(new Call(null, reason, detail));
    }

    @Override
    public synchronized void followedBy(Freshness freshness) {
        this.freshness = freshness;
    }

    synchronized Freshness freshness() {
        return freshness;
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized List<InvalidationBroadcast> applied() {
        return calls.stream().filter(call -> call.broadcast() != null).map(Call::broadcast).toList();
    }

    synchronized List<MissReason> missed() {
        return calls.stream().filter(call -> call.reason() != null).map(Call::reason).toList();
    }
}
