package dev.invalidator.rules.engine;

import dev.invalidator.schemas.change.TableId;
import java.util.regex.Pattern;

/**
 * Which tables a rule applies to: {@code <prefix>.<schema>.<table>}, or {@code <schema>.<table>} for any topic
 * prefix, each part exact or a glob where {@code *} matches any run of characters within the part and {@code ?}
 * one character ({@code shop.public.product_*}). Compiled once when the rules load.
 */
final class TablePattern {

    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_$*?-]+");

    private final String source;
    private final boolean anyPrefix;
    private final boolean exact;
    private final Pattern regex;

    private TablePattern(String source, boolean anyPrefix, boolean exact, Pattern regex) {
        this.source = source;
        this.anyPrefix = anyPrefix;
        this.exact = exact;
        this.regex = regex;
    }

    /** Thrown for a pattern that is not two or three dot-separated parts of allowed characters. */
    static final class InvalidTablePatternException extends Exception {
        private final int offset;

        InvalidTablePatternException(int offset, String message) {
            super(message, null, false, false);
            this.offset = offset;
        }

        int offset() {
            return offset;
        }
    }

    static TablePattern parse(String source) throws InvalidTablePatternException {
        String[] parts = source.split("\\.", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new InvalidTablePatternException(0, "table '" + source
                    + "' must be <prefix>.<schema>.<table>, or <schema>.<table> for any prefix");
        }
        int offset = 0;
        StringBuilder regex = new StringBuilder();
        boolean exact = true;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty()) {
                throw new InvalidTablePatternException(offset, "table '" + source + "' has an empty part");
            }
            if (!PART.matcher(part).matches()) {
                int bad = firstBadCharacter(part);
                throw new InvalidTablePatternException(offset + bad, "table '" + source + "' has '" + part.charAt(bad)
                        + "' where only letters, digits, '_', '$', '-' and the globs '*' and '?' may stand");
            }
            if (i > 0) {
                regex.append("\\.");
            }
            for (char c : part.toCharArray()) {
                switch (c) {
                    case '*' -> {
                        regex.append("[^.]*");
                        exact = false;
                    }
                    case '?' -> {
                        regex.append("[^.]");
                        exact = false;
                    }
                    default -> regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            offset += part.length() + 1;
        }
        return new TablePattern(source, parts.length == 2, exact, Pattern.compile(regex.toString()));
    }

    private static int firstBadCharacter(String part) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && "_$*?-".indexOf(c) < 0) {
                return i;
            }
        }
        return 0;
    }

    /** True when the pattern names exactly one table (no globs). */
    boolean isExact() {
        return exact;
    }

    /** True when the pattern leaves out the topic prefix and so matches any. */
    boolean matchesAnyPrefix() {
        return anyPrefix;
    }

    /** The name this pattern is matched against for a table: with or without the topic prefix. */
    String nameToMatch(TableId table) {
        if (!anyPrefix) {
            return table.qualifiedName();
        }
        String middle = table.schema() != null ? table.schema() : table.database();
        return middle == null ? table.table() : middle + "." + table.table();
    }

    /**
     * A regular expression of the Kafka topics Debezium names after the tables this pattern matches, by its default
     * naming {@code <topic.prefix>.<schema or database>.<table>}; any prefix when the pattern leaves it out.
     */
    String topicRegex() {
        return anyPrefix ? ".+\\." + regex.pattern() : regex.pattern();
    }

    boolean matches(TableId table) {
        return regex.matcher(nameToMatch(table)).matches();
    }

    String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }
}
