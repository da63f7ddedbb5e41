package dev.invalidator.schemas.change;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The two byte arrays a Kafka record hands the reader; either may be null. */
record RecordBytes(byte[] key, byte[] value) {

    /** Which of the two a mutation works on. */
    enum Side { KEY, VALUE }

    byte[] get(Side side) {
        return side == Side.KEY ? key : value;
    }

    RecordBytes with(Side side, byte[] bytes) {
        return side == Side.KEY ? new RecordBytes(bytes, value) : new RecordBytes(key, bytes);
    }

    /**
     * The side a mutation should touch: the one asked for, or the other one when the asked-for side is absent
     * (a tombstone has no value, a truncate no key), so that no try is wasted on a null.
     */
    Side present(Side wanted) {
        if (get(wanted) != null) {
            return wanted;
        }
        Side other = wanted == Side.KEY ? Side.VALUE : Side.KEY;
        return get(other) != null ? other : wanted;
    }

    boolean sameBytesAs(RecordBytes other) {
        return Arrays.equals(key, other.key) && Arrays.equals(value, other.value);
    }

    @Override
    public String toString() {
        return "key=" + preview(key) + " value=" + preview(value);
    }

    /**
     * Enough of the bytes to recognise an input in a failure report, without printing 100,000 brackets. Control
     * characters and lone surrogates show as backslash-u escapes, bytes that are not UTF-8 as backslash-x and hex.
     */
    static String preview(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        StringBuilder shown = new StringBuilder();
        int i = 0;
        while (i < bytes.length && shown.length() < 800) {
            int length = sequenceLength(bytes[i]);
            String decoded = length == 0 || i + length > bytes.length ? null : strictDecode(bytes, i, length);
            if (decoded == null) {
                shown.append(String.format("\\x%02X", bytes[i] & 0xFF));
                i++;
                continue;
            }
            for (char c : decoded.toCharArray()) {
                shown.append(c < 0x20 || c == 0x7f || Character.isSurrogate(c) ? String.format("\\u%04x", (int) c) : c);
            }
            i += length;
        }
        return "'" + shown + "'" + (i < bytes.length ? "... (" + bytes.length + " bytes)" : "");
    }

    /** Whether the bytes are well-formed UTF-8: no overlong forms, no surrogates, nothing past U+10FFFF. */
    static boolean isUtf8(byte[] bytes) {
        return bytes == null || strictDecode(bytes, 0, bytes.length) != null;
    }

    private static int sequenceLength(byte lead) {
        int b = lead & 0xFF;
        return b < 0x80 ? 1 : b >= 0xC2 && b < 0xE0 ? 2 : b >= 0xE0 && b < 0xF0 ? 3 : b >= 0xF0 && b < 0xF5 ? 4 : 0;
    }

    private static String strictDecode(byte[] bytes, int offset, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
