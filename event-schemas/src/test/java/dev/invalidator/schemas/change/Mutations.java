package dev.invalidator.schemas.change;

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
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** One generator per kind of damage, and their mix. */
final class Mutations {

    /** Every kind {@link #any()} produces, for the coverage check. */
    static final List<String> KINDS = List.of(
            "truncation", "byte flips", "invalid utf-8", "swapped key/value", "wrong type", "extra field",
            "missing field", "huge number", "deep nesting", "empty container", "duplicate key", "stacked");

    private Mutations() {
    }

    /** Each kind equally often, and one in twelve a stack of two to four of them. */
    static Arbitrary<Mutation> any() {
        return Arbitraries.frequencyOf(Tuple.of(11, single()), Tuple.of(1, stacked()));
    }

    private static Arbitrary<Mutation> single() {
        return Arbitraries.oneOf(List.of(
                truncation(), byteFlips(), invalidUtf8(), swappedKeyValue(), wrongType(), extraField(),
                missingField(), hugeNumber(), deepNesting(), emptyContainer(), duplicateKey()));
    }

    static Arbitrary<Mutation> stacked() {
        return single().list().ofMinSize(2).ofMaxSize(4).map(StackedMutation::new);
    }

    static Arbitrary<Mutation> truncation() {
        return Combinators.combine(sides(), picks()).as(Truncation::new);
    }

    static Arbitrary<Mutation> byteFlips() {
        Arbitrary<Flip> flip = Combinators.combine(picks(), Arbitraries.integers().between(1, 255)).as(Flip::new);
        return Combinators.combine(sides(), flip.list().ofMinSize(1).ofMaxSize(16)).as(ByteFlips::new);
    }

    static Arbitrary<Mutation> invalidUtf8() {
        Arbitrary<Utf8Damage> damage = Combinators.combine(
                        Arbitraries.of(BadUtf8.class), picks(), Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as(Utf8Damage::new);
        return Combinators.combine(sides(), damage.list().ofMinSize(1).ofMaxSize(3)).as(InvalidUtf8::new);
    }

    static Arbitrary<Mutation> swappedKeyValue() {
        return Arbitraries.just(new SwapKeyValue());
    }

    static Arbitrary<Mutation> wrongType() {
        return Combinators.combine(sides(), targets(), picks(), picks()).as(WrongType::new);
    }

    static Arbitrary<Mutation> extraField() {
        return Combinators.combine(sides(), targets(), picks(), fieldNames(), picks()).as(ExtraField::new);
    }

    static Arbitrary<Mutation> missingField() {
        return Combinators.combine(sides(), targets(), picks()).as(MissingField::new);
    }

    static Arbitrary<Mutation> hugeNumber() {
        return Combinators.combine(sides(), targets(), picks(), JsonLiterals.hugeNumbers()).as(HugeNumber::new);
    }

    static Arbitrary<Mutation> deepNesting() {
        return Combinators.combine(sides(), targets(), picks(), JsonLiterals.nestingDepths(),
                Arbitraries.of(JsonLiterals.Nesting.class)).as(DeepNesting::new);
    }

    static Arbitrary<Mutation> emptyContainer() {
        return Combinators.combine(sides(), targets(), picks(), Arbitraries.of(true, false)).as(EmptyContainer::new);
    }

    static Arbitrary<Mutation> duplicateKey() {
        return Combinators.combine(sides(), targets(), picks(), Arbitraries.of(DuplicateValue.class), picks(),
                Arbitraries.of(true, false)).as(DuplicateKey::new);
    }

    /** The value most of the time: it holds the envelope; keys get the rest. */
    private static Arbitrary<Side> sides() {
        return Arbitraries.frequency(Tuple.of(4, Side.VALUE), Tuple.of(1, Side.KEY));
    }

    private static Arbitrary<SlotTarget> targets() {
        return Arbitraries.of(SlotTarget.class);
    }

    /** An index into whatever the input offers, taken modulo its size when the mutation is applied. */
    private static Arbitrary<Integer> picks() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE);
    }

    /** Names the reader looks for (so an extra one collides with its expectations), and arbitrary ones. */
    private static Arbitrary<String> fieldNames() {
        Arbitrary<String> known = Arbitraries.of("op", "before", "after", "source", "schema", "payload", "lsn",
                "ts_ms", "status", "scale", "fields", "field", "type", "name", "parameters", "transaction", "id");
        Arbitrary<String> other = Arbitraries.strings().alpha().numeric().withChars("_-./~$ \u00e9\u4e2d")
                .ofMinLength(0).ofMaxLength(12);
        return Arbitraries.oneOf(known, other);
    }
}
