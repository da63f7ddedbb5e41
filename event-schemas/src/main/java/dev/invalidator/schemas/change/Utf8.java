package dev.invalidator.schemas.change;

/**
 * Strict UTF-8 validation (RFC 3629). The JSON parser decodes overlong forms and sequences past U+10FFFF without
 * complaint, so {@code A<C0 AF>B} would read as {@code A/B} and build a different cache key than the database holds.
 */
final class Utf8 {

    private Utf8() {
    }

    /** The index of the first byte that is not part of well-formed UTF-8, or -1 when all of it is. */
    static int firstInvalidByte(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            int lead = b & 0xFF;
            int length;
            int min2;
            int max2;
            if (lead >= 0xC2 && lead <= 0xDF) {
                length = 2;
                min2 = 0x80;
                max2 = 0xBF;
            } else if (lead == 0xE0) {
                length = 3;
                min2 = 0xA0; // below is overlong
                max2 = 0xBF;
            } else if (lead == 0xED) {
                length = 3;
                min2 = 0x80;
                max2 = 0x9F; // above is a UTF-16 surrogate
            } else if (lead >= 0xE1 && lead <= 0xEF) {
                length = 3;
                min2 = 0x80;
                max2 = 0xBF;
            } else if (lead == 0xF0) {
                length = 4;
                min2 = 0x90; // below is overlong
                max2 = 0xBF;
            } else if (lead >= 0xF1 && lead <= 0xF3) {
                length = 4;
                min2 = 0x80;
                max2 = 0xBF;
            } else if (lead == 0xF4) {
                length = 4;
                min2 = 0x80;
                max2 = 0x8F; // above is past U+10FFFF
            } else {
                return i;
            }
            if (i + length > n) {
                return i;
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < min2 || second > max2) {
                return i;
            }
            for (int k = 2; k < length; k++) {
                if ((bytes[i + k] & 0xC0) != 0x80) {
                    return i;
                }
            }
            i += length;
        }
        return -1;
    }
}
