package dev.invalidator.schemas.change;

import dev.invalidator.schemas.change.RecordBytes.Side;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Mutations on raw bytes: what a broken producer, a bad disk or a confused consumer does to a record. */
final class ByteMutations {

    private ByteMutations() {
    }

    /** The record cut short at any byte, down to nothing. */
    record Truncation(Side side, int cutPick) implements Mutation {
        @Override
        public String kind() {
            return "truncation";
        }

        @Override
        public RecordBytes apply(RecordBytes record) {
            Side target = record.present(side);
            byte[] bytes = record.get(target);
            if (bytes == null || bytes.length == 0) {
                return record;
            }
            return record.with(target, Arrays.copyOf(bytes, Math.floorMod(cutPick, bytes.length)));
        }
    }

    /** One byte at a given spot XOR-ed with a non-zero mask. */
    record Flip(int positionPick, int mask) {
    }

    /** Random bit flips anywhere, including in the structure. */
    record ByteFlips(Side side, List<Flip> flips) implements Mutation {
        @Override
        public String kind() {
            return "byte flips";
        }

        @Override
        public RecordBytes apply(RecordBytes record) {
            Side target = record.present(side);
            byte[] bytes = record.get(target);
            if (bytes == null || bytes.length == 0) {
                return record;
            }
            byte[] flipped = bytes.clone();
            for (Flip flip : flips) {
                int at = Math.floorMod(flip.positionPick(), flipped.length);
                flipped[at] = (byte) (flipped[at] ^ flip.mask());
            }
            return record.with(target, flipped);
        }
    }

    /** Byte sequences a strict UTF-8 decoder must reject. */
    enum BadUtf8 {
        LONE_CONTINUATION(0x80),
        LONE_CONTINUATION_BF(0xBF),
        OVERLONG_SLASH(0xC0, 0xAF),
        OVERLONG_NUL(0xC0, 0x80),
        OVERLONG_THREE_BYTES(0xE0, 0x80, 0xAF),
        OVERLONG_FOUR_BYTES(0xF0, 0x80, 0x80, 0xAF),
        HIGH_SURROGATE(0xED, 0xA0, 0x80),
        LOW_SURROGATE(0xED, 0xBF, 0xBF),
        SURROGATE_PAIR_AS_CESU8(0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80),
        BYTE_FF(0xFF),
        BYTE_FE(0xFE),
        CUT_THREE_BYTE_SEQUENCE(0xE2, 0x82),
        CUT_FOUR_BYTE_SEQUENCE(0xF0, 0x9F, 0x98),
        ABOVE_U10FFFF(0xF4, 0x90, 0x80, 0x80),
        START_BYTE_F5(0xF5, 0x80, 0x80, 0x80),
        START_BYTE_THEN_ASCII(0xC3, 0x41);

        private final byte[] bytes;

        BadUtf8(int... values) {
            bytes = new byte[values.length];
            for (int i = 0; i < values.length; i++) {
                bytes[i] = (byte) values[i];
            }
        }
    }

    /**
     * One bad sequence put into the bytes, inserted or written over what is there, either at any byte or just after a
     * quote (mostly inside a string, where a lenient parser would let it through).
     */
    record Utf8Damage(BadUtf8 sequence, int positionPick, boolean afterQuote, boolean overwrite) {
    }

    record InvalidUtf8(Side side, List<Utf8Damage> damages) implements Mutation {
        @Override
        public String kind() {
            return "invalid utf-8";
        }

        @Override
        public RecordBytes apply(RecordBytes record) {
            Side target = record.present(side);
            byte[] bytes = record.get(target);
            if (bytes == null) {
                return record;
            }
            for (Utf8Damage damage : damages) {
                bytes = damage(bytes, damage);
            }
            return record.with(target, bytes);
        }

        private static byte[] damage(byte[] bytes, Utf8Damage damage) {
            int at = position(bytes, damage);
            byte[] bad = damage.sequence().bytes;
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + bad.length);
            out.write(bytes, 0, at);
            out.writeBytes(bad);
            int resume = damage.overwrite() ? Math.min(bytes.length, at + bad.length) : at;
            out.write(bytes, resume, bytes.length - resume);
            return out.toByteArray();
        }

        private static int position(byte[] bytes, Utf8Damage damage) {
            if (damage.afterQuote()) {
                List<Integer> quotes = new ArrayList<>();
                for (int i = 0; i < bytes.length; i++) {
                    if (bytes[i] == '"') {
                        quotes.add(i + 1);
                    }
                }
                if (!quotes.isEmpty()) {
                    return quotes.get(Math.floorMod(damage.positionPick(), quotes.size()));
                }
            }
            return Math.floorMod(damage.positionPick(), bytes.length + 1);
        }
    }

    /** Key and value exchanged, as a consumer with its deserializers the wrong way round would hand them over. */
    record SwapKeyValue() implements Mutation {
        @Override
        public String kind() {
            return "swapped key/value";
        }

        @Override
        public RecordBytes apply(RecordBytes record) {
            return new RecordBytes(record.value(), record.key());
        }
    }
}
