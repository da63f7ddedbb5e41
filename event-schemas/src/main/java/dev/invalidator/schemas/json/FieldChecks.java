package dev.invalidator.schemas.json;

import java.util.ArrayList;
import java.util.List;

/**
 * The bounds the message schemas declare, enforced again by the message records' constructors, so that a record
 * built in code always serialises to JSON that validates. Each check names the field by its JSON pointer in the
 * message ({@code /keys/3}) and throws {@link InvalidFieldException}.
 *
 * <p>Lengths count Unicode code points, as JSON Schema's {@code minLength}/{@code maxLength} do, not Java chars.
 * Text must be Unicode: a lone UTF-16 surrogate is rejected, since JSON in UTF-8 cannot carry it (a JSON escape of a
 * lone surrogate parses into one, so decoding meets it too).
 */
public final class FieldChecks {

    private FieldChecks() {
    }

    /** {@code value}, if it is present and has {@code minLength..maxLength} code points. */
    public static String text(String value, String pointer, int minLength, int maxLength) {
        if (value == null) {
            throw new InvalidFieldException(pointer, "is required");
        }
        return textWithin(value, pointer, minLength, maxLength);
    }

    /** {@code value} (null allowed: an absent optional field), else as {@link #text}. */
    public static String optionalText(String value, String pointer, int maxLength) {
        return value == null ? null : textWithin(value, pointer, 0, maxLength);
    }

    /**
     * An unmodifiable copy of {@code items} (null is taken as empty) with at most {@code maxItems} entries, each
     * non-null with {@code 1..maxLength} code points.
     */
    public static List<String> items(List<String> items, String pointer, int maxItems, int maxLength) {
        if (items == null) {
            return List.of();
        }
        if (items.size() > maxItems) {
            throw new InvalidFieldException(pointer, "has " + items.size() + " items, at most " + maxItems
                    + " are allowed");
        }
        List<String> copy = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            copy.add(text(items.get(i), pointer + "/" + i, 1, maxLength));
        }
        return List.copyOf(copy);
    }

    /** {@code value}, if it lies in {@code min..max}. */
    public static long range(long value, String pointer, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidFieldException(pointer, "is " + value + ", must be in " + min + ".." + max);
        }
        return value;
    }

    private static String textWithin(String value, String pointer, int minLength, int maxLength) {
        int length = value.codePointCount(0, value.length());
        if (length < minLength || length > maxLength) {
            throw new InvalidFieldException(pointer, "has " + length + " characters, must have "
                    + minLength + ".." + maxLength);
        }
        if (hasUnpairedSurrogate(value)) {
            throw new InvalidFieldException(pointer,
                    "contains an unpaired UTF-16 surrogate, which is not Unicode text");
        }
        return value;
    }

    private static boolean hasUnpairedSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
