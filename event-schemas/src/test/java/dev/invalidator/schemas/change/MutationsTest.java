package dev.invalidator.schemas.change;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.invalidator.schemas.change.ByteMutations.BadUtf8;
import dev.invalidator.schemas.change.ByteMutations.ByteFlips;
import dev.invalidator.schemas.change.ByteMutations.Flip;
import dev.invalidator.schemas.change.ByteMutations.InvalidUtf8;
import dev.invalidator.schemas.change.ByteMutations.SwapKeyValue;
import dev.invalidator.schemas.change.ByteMutations.Truncation;
import dev.invalidator.schemas.change.ByteMutations.Utf8Damage;
import dev.invalidator.schemas.change.RecordBytes.Side;
import dev.invalidator.schemas.change.TreeMutations.DeepNesting;
import dev.invalidator.schemas.change.TreeMutations.DuplicateKey;
import dev.invalidator.schemas.change.TreeMutations.DuplicateValue;
import dev.invalidator.schemas.change.TreeMutations.EmptyContainer;
import dev.invalidator.schemas.change.TreeMutations.ExtraField;
import dev.invalidator.schemas.change.TreeMutations.HugeNumber;
import dev.invalidator.schemas.change.TreeMutations.MissingField;
import dev.invalidator.schemas.change.TreeMutations.WrongType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each mutation does the damage it is named for, so the fuzz statistics count what they claim. */
class MutationsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final RecordBytes RECORD = new RecordBytes(bytes("{\"id\":7}"), bytes("{\"op\":\"c\",\"source\":{\"lsn\":1}}"));

    @Test
    void truncation_cutsTheValueShort() {
        RecordBytes cut = new Truncation(Side.VALUE, 5).apply(RECORD);

        assertThat(text(cut.value())).isEqualTo("{\"op\"");
        assertThat(cut.key()).isEqualTo(RECORD.key());
    }

    @Test
    void truncation_ofAnAbsentSide_cutsTheOtherOne() {
        RecordBytes tombstone = new RecordBytes(bytes("{\"id\":7}"), null);

        RecordBytes cut = new Truncation(Side.VALUE, 3).apply(tombstone);

        assertThat(text(cut.key())).isEqualTo("{\"i");
        assertThat(cut.value()).isNull();
    }

    @Test
    void byteFlips_changeOnlyTheFlippedByte() {
        RecordBytes flipped = new ByteFlips(Side.KEY, List.of(new Flip(2, 0x20))).apply(RECORD);

        assertThat(text(flipped.key())).isEqualTo("{\"Id\":7}");
    }

    @Test
    void invalidUtf8_leavesBytesThatAreNotUtf8() {
        RecordBytes damaged = new InvalidUtf8(Side.VALUE,
                List.of(new Utf8Damage(BadUtf8.OVERLONG_SLASH, 0, true, false))).apply(RECORD);

        assertThat(RecordBytes.isUtf8(damaged.value())).isFalse();
        assertThat(damaged.value()).hasSize(RECORD.value().length + 2);
    }

    @Test
    void swappedKeyValue_exchangesThem() {
        RecordBytes swapped = new SwapKeyValue().apply(RECORD);

        assertThat(swapped.key()).isEqualTo(RECORD.value());
        assertThat(swapped.value()).isEqualTo(RECORD.key());
    }

    @Test
    void wrongType_replacesAFieldWithAnotherType() {
        RecordBytes mutated = new WrongType(Side.VALUE, SlotTarget.NUMBER, 0, 0).apply(RECORD);

        JsonNode lsn = tree(mutated.value()).at("/source/lsn");
        assertThat(lsn.isNumber()).as("lsn is now %s", lsn).isFalse();
    }

    @Test
    void extraField_addsAMember() {
        RecordBytes mutated = new ExtraField(Side.KEY, SlotTarget.ANY, 0, "lsn", JsonLiterals.VALUES.indexOf("[]"))
                .apply(RECORD);

        assertThat(text(mutated.key())).isEqualTo("{\"id\":7,\"lsn\":[]}");
    }

    @Test
    void missingField_removesAMember() {
        RecordBytes mutated = new MissingField(Side.VALUE, SlotTarget.NUMBER, 0).apply(RECORD);

        assertThat(text(mutated.value())).isEqualTo("{\"op\":\"c\",\"source\":{}}");
    }

    @Test
    void hugeNumber_splicesTheNumberAsWritten() {
        RecordBytes mutated = new HugeNumber(Side.VALUE, SlotTarget.NUMBER, 0, "1e400").apply(RECORD);

        assertThat(text(mutated.value())).isEqualTo("{\"op\":\"c\",\"source\":{\"lsn\":1e400}}");
    }

    @Test
    void deepNesting_nestsToTheDepthAsked() {
        RecordBytes mutated = new DeepNesting(Side.KEY, SlotTarget.COLUMN_VALUE, 0, 100_000, JsonLiterals.Nesting.ARRAYS)
                .apply(RECORD);

        String key = text(mutated.key());
        assertThat(key).startsWith("{\"id\":[[[").endsWith("]]]}");
        assertThat(key.chars().filter(c -> c == '[').count()).isEqualTo(100_000);
    }

    @Test
    void emptyContainer_emptiesTheContainer() {
        RecordBytes mutated = new EmptyContainer(Side.VALUE, SlotTarget.ENVELOPE_FIELD, 1, true).apply(RECORD);

        assertThat(text(mutated.value())).isEqualTo("{\"op\":\"c\",\"source\":[]}");
    }

    @Test
    void duplicateKey_writesTheMemberTwice() {
        RecordBytes first = new DuplicateKey(Side.KEY, SlotTarget.ANY, 0, DuplicateValue.NULL, 0, true).apply(RECORD);
        RecordBytes last = new DuplicateKey(Side.KEY, SlotTarget.ANY, 0, DuplicateValue.SAME, 0, false).apply(RECORD);

        assertThat(text(first.key())).isEqualTo("{\"id\":null,\"id\":7}");
        assertThat(text(last.key())).isEqualTo("{\"id\":7,\"id\":7}");
    }

    @Test
    void treeMutation_ofBytesThatAreNotJson_leavesThemAlone() {
        RecordBytes broken = new RecordBytes(bytes("{\"id\""), null);

        assertThat(new MissingField(Side.KEY, SlotTarget.ANY, 0).apply(broken)).isSameAs(broken);
    }

    @Test
    void stacked_appliesTheStepsInOrder() {
        Mutation stack = new StackedMutation(List.of(
                new HugeNumber(Side.VALUE, SlotTarget.NUMBER, 0, "-0"), new Truncation(Side.VALUE, 27)));

        assertThat(text(stack.apply(RECORD).value())).isEqualTo("{\"op\":\"c\",\"source\":{\"lsn\":-");
    }

    private static JsonNode tree(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
