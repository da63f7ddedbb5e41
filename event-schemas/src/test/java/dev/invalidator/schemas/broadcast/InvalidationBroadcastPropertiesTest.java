package dev.invalidator.schemas.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import dev.invalidator.schemas.change.Operation;
import dev.invalidator.schemas.json.DecodeResult;
import dev.invalidator.schemas.json.MessageSchema;
import dev.invalidator.schemas.json.TextArbitraries;

import tools.jackson.databind.JsonNode;

class InvalidationBroadcastPropertiesTest {

    private final InvalidationBroadcastCodec codec = new InvalidationBroadcastCodec();
    private final MessageSchema schema = MessageSchema.fromClasspath(InvalidationBroadcastCodec.SCHEMA_RESOURCE);

    @Property(tries = 500)
    void encode_anyBroadcast_validatesAgainstTheSchema(@ForAll("broadcasts") InvalidationBroadcast broadcast) {
        DecodeResult<JsonNode> checked = schema.check(codec.encode(broadcast));

        assertThat(checked.violations()).isEmpty();
    }

    @Property(tries = 500)
    void decode_encodedBroadcast_givesTheSameBroadcast(@ForAll("broadcasts") InvalidationBroadcast broadcast) {
        assertThat(codec.decode(codec.encode(broadcast)).decoded()).contains(broadcast);
    }

    @Property(tries = 1000)
    void decode_anyBytes_neverThrows(@ForAll byte[] bytes) {
        DecodeResult<InvalidationBroadcast> result = codec.decode(bytes);

        assertThat(result.decoded().isPresent()).isNotEqualTo(!result.violations().isEmpty());
    }

    @Provide
    Arbitrary<InvalidationBroadcast> broadcasts() {
        Arbitrary<List<String>> targets = TextArbitraries.text(6).list().ofMaxSize(4);
        return Combinators.combine(
                        positions(),
                        Arbitraries.longs().between(0, BroadcastPosition.MAX_COUNTER),
                        causes(),
                        targets,
                        targets,
                        targets,
                        Arbitraries.of(true, false))
                .as(InvalidationBroadcast::new);
    }

    private static Arbitrary<BroadcastPosition> positions() {
        return Combinators.combine(
                        TextArbitraries.text(4),
                        Arbitraries.longs().between(0, BroadcastPosition.MAX_COUNTER),
                        Arbitraries.longs().between(BroadcastPosition.FIRST_SEQUENCE, BroadcastPosition.MAX_COUNTER))
                .as(BroadcastPosition::new);
    }

    private static Arbitrary<BroadcastCause> causes() {
        Arbitrary<BroadcastCause> change = Combinators.combine(
                        TextArbitraries.text(4), Arbitraries.of(Operation.class), TextArbitraries.text(6))
                .as(BroadcastCause.Change::new);
        Arbitrary<BroadcastCause> request = Combinators.combine(TextArbitraries.text(4), TextArbitraries.text(3))
                .as(BroadcastCause.Request::new);
        Arbitrary<BroadcastCause> repair = TextArbitraries.text(6).injectNull(0.3).map(BroadcastCause.Repair::new);
        Arbitrary<BroadcastCause> heartbeat = Arbitraries.just(new BroadcastCause.Heartbeat());
        Arbitrary<BroadcastCause> batch = Arbitraries.oneOf(change, request)
                .list().ofMinSize(BroadcastCause.Batch.MIN_CAUSES).ofMaxSize(5)
                .map(BroadcastCause.Batch::new);
        return Arbitraries.oneOf(change, request, repair, heartbeat, batch);
    }
}
