package dev.invalidator.schemas.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.invalidator.schemas.change.Operation;
import dev.invalidator.schemas.json.DecodeResult;
import dev.invalidator.schemas.json.Violation;

class InvalidationBroadcastCodecTest {

    private final InvalidationBroadcastCodec codec = new InvalidationBroadcastCodec();

    @Test
    void decode_changeBroadcast_returnsEveryField() {
        InvalidationBroadcast broadcast = decoded("""
                {"version": 1,
                 "position": {"publisherId": "invalidator-0", "epoch": 17, "sequence": 42},
                 "publishedAtMillis": 1764050000000,
                 "cause": {"type": "change", "table": "shop.public.products", "op": "u",
                           "sourcePosition": "lsn 0/16B3748 txId 771"},
                 "keys": ["product:7"], "patterns": ["category:3:page:*"], "tags": ["category:3"],
                 "clearAll": false}
                """);

        assertThat(broadcast).isEqualTo(new InvalidationBroadcast(
                new BroadcastPosition("invalidator-0", 17, 42), 1764050000000L,
                new BroadcastCause.Change("shop.public.products", Operation.UPDATE, "lsn 0/16B3748 txId 771"),
                List.of("product:7"), List.of("category:3:page:*"), List.of("category:3"), false));
    }

    @Test
    void decode_eachCauseType_givesItsRecord() {
        assertThat(decoded(withCause("{\"type\": \"request\", \"requestId\": \"req-1\", \"source\": \"billing\"}"))
                .cause()).isEqualTo(new BroadcastCause.Request("req-1", "billing"));
        assertThat(decoded(withCause("{\"type\": \"repair\", \"reason\": \"replay\"}")).cause())
                .isEqualTo(new BroadcastCause.Repair("replay"));
        assertThat(decoded(withCause("{\"type\": \"repair\"}")).cause()).isEqualTo(new BroadcastCause.Repair(null));
        assertThat(decoded(withCause("{\"type\": \"heartbeat\"}")).cause()).isEqualTo(new BroadcastCause.Heartbeat());
    }

    @Test
    void decode_withoutTargets_isAHeartbeatThatInvalidatesNothing() {
        InvalidationBroadcast broadcast = decoded(withCause("{\"type\": \"heartbeat\"}"));

        assertThat(broadcast.invalidatesNothing()).isTrue();
        assertThat(broadcast.clearAll()).isFalse();
    }

    @Test
    void decode_unknownVersion_namesVersion() {
        assertThat(rejected("""
                {"version": 2, "position": {"publisherId": "p", "epoch": 1, "sequence": 1},
                 "publishedAtMillis": 0, "cause": {"type": "heartbeat"}}
                """)).singleElement().asString().startsWith("/version: ");
    }

    @Test
    void decode_missingPosition_namesIt() {
        assertThat(rejected("""
                {"version": 1, "publishedAtMillis": 0, "cause": {"type": "heartbeat"}}
                """)).containsExactly("/position: is required");
    }

    @Test
    void decode_sequenceZero_namesSequence() {
        assertThat(rejected("""
                {"version": 1, "position": {"publisherId": "p", "epoch": 1, "sequence": 0},
                 "publishedAtMillis": 0, "cause": {"type": "heartbeat"}}
                """)).containsExactly("/position/sequence: must have a minimum value of 1");
    }

    @Test
    void decode_fractionalOrHugeCounters_areRejected() {
        assertThat(rejected("""
                {"version": 1, "position": {"publisherId": "p", "epoch": 1.5, "sequence": 99999999999999999999},
                 "publishedAtMillis": -1, "cause": {"type": "heartbeat"}}
                """)).extracting(line -> line.substring(0, line.indexOf(':')))
                .containsExactlyInAnyOrder("/position/epoch", "/position/sequence", "/publishedAtMillis");
    }

    @Test
    void decode_changeCauseWithoutTable_namesTable() {
        assertThat(rejected(withCause("{\"type\": \"change\", \"op\": \"d\", \"sourcePosition\": \"x\"}")))
                .containsExactly("/cause/table: is required");
    }

    @Test
    void decode_changeCauseWithRequestField_namesTheStrayField() {
        assertThat(rejected(withCause("{\"type\": \"change\", \"table\": \"t\", \"op\": \"c\","
                + " \"sourcePosition\": \"x\", \"requestId\": \"r\"}")))
                .containsExactly("/cause/requestId: is not a field of this message (unknown fields are rejected)");
    }

    @Test
    void decode_unknownOp_namesOp() {
        assertThat(rejected(withCause(
                "{\"type\": \"change\", \"table\": \"t\", \"op\": \"x\", \"sourcePosition\": \"p\"}")))
                .singleElement().asString().startsWith("/cause/op: ");
    }

    @Test
    void decode_unknownCauseType_namesOnlyTheType() {
        assertThat(rejected(withCause("{\"type\": \"gossip\"}"))).singleElement().asString()
                .startsWith("/cause/type: does not have a value in the enumeration");
    }

    @Test
    void decode_causeWithoutType_namesOnlyTheType() {
        assertThat(rejected(withCause("{\"table\": \"t\"}"))).containsExactly("/cause/type: is required");
    }

    @Test
    void decode_causeNotAnObject_namesTheCause() {
        assertThat(rejected(withCause("\"change\""))).containsExactly("/cause: must be an object, found string");
    }

    @Test
    void decode_tagOfWrongType_namesTheItem() {
        assertThat(rejected("""
                {"version": 1, "position": {"publisherId": "p", "epoch": 1, "sequence": 1},
                 "publishedAtMillis": 0, "cause": {"type": "repair"}, "tags": ["a", {"t": 1}]}
                """)).containsExactly("/tags/1: must be a string, found object");
    }

    @Test
    void decode_malformedJson_isRejectedNotThrown() {
        assertThat(rejected("{\"version\": 1,")).singleElement().asString().startsWith("/: malformed JSON");
    }

    @Test
    void encode_eachCause_decodesToTheSameBroadcast() {
        BroadcastPosition position = new BroadcastPosition("invalidator-1", 3, 9);
        for (BroadcastCause cause : List.of(
                new BroadcastCause.Change("shop.public.orders", Operation.TRUNCATE, "lsn 0/1"),
                new BroadcastCause.Request("req-5", "ops"),
                new BroadcastCause.Repair("operator asked"),
                new BroadcastCause.Repair(null),
                new BroadcastCause.Heartbeat())) {
            InvalidationBroadcast broadcast = new InvalidationBroadcast(position, 1_700_000_000_000L, cause,
                    List.of("k"), List.of(), List.of("t"), true);

            assertThat(codec.decode(codec.encode(broadcast)).decoded()).contains(broadcast);
        }
    }

    @Test
    void encode_heartbeat_writesEveryFieldInSchemaOrder() {
        InvalidationBroadcast heartbeat = InvalidationBroadcast.heartbeat(BroadcastPosition.first("p", 2), 5);

        assertThat(new String(codec.encode(heartbeat), StandardCharsets.UTF_8)).isEqualTo(
                "{\"version\":1,\"position\":{\"publisherId\":\"p\",\"epoch\":2,\"sequence\":1},"
                        + "\"publishedAtMillis\":5,\"cause\":{\"type\":\"heartbeat\"},"
                        + "\"keys\":[],\"patterns\":[],\"tags\":[],\"clearAll\":false}");
    }

    @Test
    void decode_withoutSoft_isHard() {
        InvalidationBroadcast broadcast = decoded(withCause("{\"type\": \"repair\"}"));

        assertThat(broadcast.soft()).isFalse();
    }

    @Test
    void encode_soft_roundTripsAndHardLeavesTheFieldOut() {
        BroadcastPosition position = new BroadcastPosition("invalidator-0", 3, 9);
        InvalidationBroadcast soft = new InvalidationBroadcast(position, 1_700_000_000_000L,
                new BroadcastCause.Request("req-1", "pricing"), List.of("product:7"), List.of("page:*"),
                List.of("category:3"), false, true);
        InvalidationBroadcast hard = new InvalidationBroadcast(position, 1_700_000_000_000L,
                new BroadcastCause.Request("req-1", "pricing"), List.of("product:7"), List.of(), List.of(), false);

        assertThat(codec.decode(codec.encode(soft)).decoded()).contains(soft);
        assertThat(new String(codec.encode(soft), StandardCharsets.UTF_8)).contains("\"soft\":true");
        assertThat(codec.decode(codec.encode(hard)).decoded().orElseThrow().soft()).isFalse();
        assertThat(new String(codec.encode(hard), StandardCharsets.UTF_8)).doesNotContain("soft");
    }

    @Test
    void decode_softNotBoolean_namesIt() {
        assertThat(rejected("""
                {"version": 1, "position": {"publisherId": "p", "epoch": 1, "sequence": 1},
                 "publishedAtMillis": 0, "cause": {"type": "heartbeat"}, "soft": "yes"}
                """)).singleElement().asString().startsWith("/soft: ");
    }

    private static String withCause(String cause) {
        return "{\"version\": 1, \"position\": {\"publisherId\": \"p\", \"epoch\": 1, \"sequence\": 1},"
                + " \"publishedAtMillis\": 0, \"cause\": " + cause + "}";
    }

    private InvalidationBroadcast decoded(String json) {
        DecodeResult<InvalidationBroadcast> result = codec.decode(json.getBytes(StandardCharsets.UTF_8));
        assertThat(result.violations()).isEmpty();
        return result.decoded().orElseThrow();
    }

    private List<String> rejected(String json) {
        DecodeResult<InvalidationBroadcast> result = codec.decode(json.getBytes(StandardCharsets.UTF_8));
        assertThat(result).isInstanceOf(DecodeResult.Rejected.class);
        List<String> lines = new ArrayList<>();
        for (Violation violation : result.violations()) {
            lines.add(violation.toString());
        }
        return lines;
    }
}
