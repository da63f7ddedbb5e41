package dev.invalidator.rules.template;

/**
 * Checks the column name of a placeholder. Names are identifiers as PostgreSQL and MySQL accept them unquoted, so
 * a typo or a stray character is caught when the rules load rather than skipped as a missing column on every event.
 */
final class ColumnNames {

    private ColumnNames() {
    }

    /**
     * Checks {@code template[start, end)} as a column name.
     *
     * @param placeholder the whole placeholder, as the messages quote it
     */
    static void check(String template, int start, int end, String placeholder) throws TemplateSyntaxException {
        String name = template.substring(start, end);
        if (name.isEmpty()) {
            throw new TemplateSyntaxException(template, start,
                    "missing column name in '" + placeholder + "': write a column after the '.'");
        }
        if (name.charAt(0) == '$') {
            throw new TemplateSyntaxException(template, start,
                    "column name '" + name + "' starts with '$': a column name starts with a letter, digit or '_'");
        }
        boolean onlyDigits = true;
        for (int i = start; i < end; ) {
            int c = template.codePointAt(i);
            if (!isAsciiDigit(c)) {
                onlyDigits = false;
            }
            if (!(Character.isLetter(c) || isAsciiDigit(c) || c == '_' || c == '$')) {
                throw new TemplateSyntaxException(template, i, describe(c) + " is not allowed in column name '" + name
                        + "': column names use letters, digits, '_' and '$'");
            }
            i += Character.charCount(c);
        }
        if (onlyDigits) {
            // MySQL reads an unquoted all-digit identifier as a number, and PostgreSQL needs a leading letter.
            throw new TemplateSyntaxException(template, start,
                    "column name '" + name + "' is only digits: a column name needs a letter or '_'");
        }
    }

    private static boolean isAsciiDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** The character as a message should show it: quoted when visible, named when not. */
    static String describe(int c) {
        if (c == ' ') {
            return "a space";
        }
        if (Character.isWhitespace(c) || Character.isISOControl(c) || !Character.isDefined(c)
                || Character.getType(c) == Character.FORMAT) {
            return String.format("U+%04X", c);
        }
        return "'" + new String(Character.toChars(c)) + "'";
    }
}
