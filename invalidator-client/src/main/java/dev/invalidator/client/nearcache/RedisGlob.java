package dev.invalidator.client.nearcache;

import java.nio.charset.StandardCharsets;

/**
 * A Redis glob pattern ({@code KEYS}, {@code SCAN MATCH}, {@code PSUBSCRIBE}) with exactly Redis's semantics, so a
 * near-cache drops what the service dropped in Redis: {@code *}, {@code ?}, {@code [...]} with {@code ^} negation,
 * ranges (reversed ranges allowed) and escapes, {@code \} escaping the next character. Like Redis it works on
 * bytes: {@code ?} matches one byte of a key's UTF-8 form, not one character. An unterminated {@code [} takes the
 * rest of the pattern as its set, as Redis does.
 */
public final class RedisGlob {

    private final String pattern;
    private final byte[] bytes;
    private final String literalPrefix;

    private RedisGlob(String pattern) {
        this.pattern = pattern;
        this.bytes = pattern.getBytes(StandardCharsets.UTF_8);
        this.literalPrefix = literalPrefixOf(pattern);
    }

    /** @throws IllegalArgumentException when {@code pattern} is null */
    public static RedisGlob compile(String pattern) {
        if (pattern == null) {
            throw new IllegalArgumentException("pattern must not be null");
        }
        return new RedisGlob(pattern);
    }

    public String pattern() {
        return pattern;
    }

    /** Every key this pattern matches starts with this text: the place to start a range scan of sorted keys. */
    String literalPrefix() {
        return literalPrefix;
    }

    /** Whether Redis's {@code SCAN MATCH} with this pattern would return {@code key}. */
    public boolean matches(String key) {
        if (pattern.equals("*")) {
            // Redis's KEYS and SCAN take a lone star as "everything" without matching, so it matches "" too.
            return true;
        }
        byte[] subject = key.getBytes(StandardCharsets.UTF_8);
        return match(0, bytes.length, subject, 0, subject.length, new boolean[1], 0);
    }

    /** A port of Redis's {@code stringmatchlen_impl} (util.c, 7.x), case-sensitive, with the same early exits. */
    private boolean match(int p, int pLen, byte[] s, int i, int sLen, boolean[] skipLongerMatches, int nesting) {
        // Redis's protection against abusive patterns.
        if (nesting > 1000) {
            return false;
        }
        byte[] pat = bytes;
        while (pLen > 0 && sLen > 0) {
            switch (pat[p]) {
                case '*' -> {
                    while (pLen > 1 && pat[p + 1] == '*') {
                        p++;
                        pLen--;
                    }
                    if (pLen == 1) {
                        return true;
                    }
                    while (sLen > 0) {
                        if (match(p + 1, pLen - 1, s, i, sLen, skipLongerMatches, nesting + 1)) {
                            return true;
                        }
                        if (skipLongerMatches[0]) {
                            return false;
                        }
                        i++;
                        sLen--;
                    }
                    // The rest of the pattern matched nowhere in the rest of the key: earlier stars cannot help.
                    skipLongerMatches[0] = true;
                    return false;
                }
                case '?' -> {
                    i++;
                    sLen--;
                }
                case '[' -> {
                    p++;
                    pLen--;
                    boolean not = pLen > 0 && pat[p] == '^';
                    if (not) {
                        p++;
                        pLen--;
                    }
                    boolean match = false;
                    while (true) {
                        if (pLen == 0) {
                            // Unterminated set: step back so the advance below ends the pattern, as Redis does.
                            p--;
                            pLen++;
                            break;
                        } else if (pat[p] == '\\' && pLen >= 2) {
                            p++;
                            pLen--;
                            if (pat[p] == s[i]) {
                                match = true;
                            }
                        } else if (pat[p] == ']') {
                            break;
                        } else if (pLen >= 3 && pat[p + 1] == '-') {
                            int start = pat[p] & 0xff;
                            int end = pat[p + 2] & 0xff;
                            int c = s[i] & 0xff;
                            if (start > end) {
                                int t = start;
                                start = end;
                                end = t;
                            }
                            p += 2;
                            pLen -= 2;
                            if (c >= start && c <= end) {
                                match = true;
                            }
                        } else if (pat[p] == s[i]) {
                            match = true;
                        }
                        p++;
                        pLen--;
                    }
                    if (not) {
                        match = !match;
                    }
                    if (!match) {
                        return false;
                    }
                    i++;
                    sLen--;
                }
                default -> {
                    if (pat[p] == '\\' && pLen >= 2) {
                        p++;
                        pLen--;
                    }
                    if (pat[p] != s[i]) {
                        return false;
                    }
                    i++;
                    sLen--;
                }
            }
            p++;
            pLen--;
            if (sLen == 0) {
                while (pLen > 0 && pat[p] == '*') {
                    p++;
                    pLen--;
                }
                break;
            }
        }
        return pLen == 0 && sLen == 0;
    }

    private static String literalPrefixOf(String pattern) {
        StringBuilder prefix = new StringBuilder();
        for (int k = 0; k < pattern.length(); k++) {
            char c = pattern.charAt(k);
            if (c == '*' || c == '?' || c == '[') {
                break;
            }
            if (c == '\\' && k + 1 < pattern.length()) {
                k++;
                c = pattern.charAt(k);
            }
            prefix.append(c);
        }
        return prefix.toString();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
