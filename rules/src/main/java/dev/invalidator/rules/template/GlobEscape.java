package dev.invalidator.rules.template;

/** Escapes a value for a Redis glob so that it matches exactly itself. */
final class GlobEscape {

    private GlobEscape() {
    }

    /** Appends {@code value} to {@code out} with every character Redis's matcher treats specially escaped. */
    static void append(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isSpecial(c) || isLoneSurrogate(value, i)) {
                out.append('\\');
            }
            out.append(c);
        }
    }

    private static boolean isSpecial(char c) {
        return c == '*' || c == '?' || c == '[' || c == ']' || c == '\\';
    }

    /**
     * A lone surrogate has no UTF-8 form: Java's encoder, and so the Redis client, sends {@code ?} in its place,
     * which is a wildcard. Escaping it makes that replacement literal; escaping any other byte would be harmless.
     */
    private static boolean isLoneSurrogate(String value, int i) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(value.charAt(i - 1));
        }
        return false;
    }
}
