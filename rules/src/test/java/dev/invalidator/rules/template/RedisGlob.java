package dev.invalidator.rules.template;

import java.nio.charset.StandardCharsets;

/**
 * Redis's glob matcher, {@code stringmatchlen} from {@code src/util.c} (Redis 7), translated line by line so tests
 * can check patterns against what Redis itself would match. Works on UTF-8 bytes, as Redis sees what a client sends.
 * Reading past the end yields 0, as Redis reads the NUL that ends every sds string.
 */
final class RedisGlob {

    private final byte[] pattern;
    private final byte[] string;
    private boolean skipLongerMatches;

    private RedisGlob(byte[] pattern, byte[] string) {
        this.pattern = pattern;
        this.string = string;
    }

    static boolean matches(String pattern, String key) {
        return new RedisGlob(pattern.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8))
                .match(0, 0, 0);
    }

    private int p(int i) {
        return i < pattern.length ? pattern[i] & 0xFF : 0;
    }

    private int s(int i) {
        return i < string.length ? string[i] & 0xFF : 0;
    }

    private boolean match(int p, int s, int nesting) {
        if (nesting > 1000) {
            return false;
        }
        int patternLen = pattern.length - p;
        int stringLen = string.length - s;
        while (patternLen > 0 && stringLen > 0) {
            switch (p(p)) {
                case '*' -> {
                    while (patternLen > 0 && p(p + 1) == '*') {
                        p++;
                        patternLen--;
                    }
                    if (patternLen == 1) {
                        return true;
                    }
                    while (stringLen > 0) {
                        if (match(p + 1, s, nesting + 1)) {
                            return true;
                        }
                        if (skipLongerMatches) {
                            return false;
                        }
                        s++;
                        stringLen--;
                    }
                    skipLongerMatches = true;
                    return false;
                }
                case '?' -> {
                    s++;
                    stringLen--;
                }
                case '[' -> {
                    p++;
                    patternLen--;
                    boolean not = p(p) == '^';
                    if (not) {
                        p++;
                        patternLen--;
                    }
                    boolean match = false;
                    while (true) {
                        if (p(p) == '\\' && patternLen >= 2) {
                            p++;
                            patternLen--;
                            if (p(p) == s(s)) {
                                match = true;
                            }
                        } else if (p(p) == ']') {
                            break;
                        } else if (patternLen == 0) {
                            p--;
                            patternLen++;
                            break;
                        } else if (patternLen >= 3 && p(p + 1) == '-') {
                            int start = p(p);
                            int end = p(p + 2);
                            int c = s(s);
                            if (start > end) {
                                int t = start;
                                start = end;
                                end = t;
                            }
                            p += 2;
                            patternLen -= 2;
                            if (c >= start && c <= end) {
                                match = true;
                            }
                        } else if (p(p) == s(s)) {
                            match = true;
                        }
                        p++;
                        patternLen--;
                    }
                    if (not) {
                        match = !match;
                    }
                    if (!match) {
                        return false;
                    }
                    s++;
                    stringLen--;
                }
                default -> {
                    if (p(p) == '\\' && patternLen >= 2) {
                        p++;
                        patternLen--;
                    }
                    if (p(p) != s(s)) {
                        return false;
                    }
                    s++;
                    stringLen--;
                }
            }
            p++;
            patternLen--;
            if (stringLen == 0) {
                while (patternLen > 0 && p(p) == '*') {
                    p++;
                    patternLen--;
                }
                break;
            }
        }
        return patternLen == 0 && stringLen == 0;
    }
}
