package dev.invalidator.service.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/** The bearer token the admin endpoints require, checked in constant time; absent when they are off. */
final class AdminToken {

    /** How a request's {@code Authorization} header stands. */
    enum Verdict {
        /** No token is configured: the admin endpoints are off. */
        OFF,
        /** No bearer token in the request. */
        MISSING,
        /** A bearer token that is not the configured one. */
        WRONG,
        ACCEPTED
    }

    private static final String BEARER = "bearer ";

    private final byte[] expectedDigest;

    private AdminToken(byte[] expectedDigest) {
        this.expectedDigest = expectedDigest;
    }

    static AdminToken of(Optional<String> token) {
        if (token.isPresent() && token.get().isBlank()) {
            throw new IllegalArgumentException("the admin token is blank: leave it unset to turn the admin endpoints off");
        }
        return new AdminToken(token.map(AdminToken::digest).orElse(null));
    }

    boolean enabled() {
        return expectedDigest != null;
    }

    /** @param authorization the request's {@code Authorization} header, or null */
    Verdict check(String authorization) {
        if (expectedDigest == null) {
            return Verdict.OFF;
        }
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return Verdict.MISSING;
        }
        String given = authorization.substring(BEARER.length()).strip();
        // Digests first: MessageDigest.isEqual takes time by the length of its first argument, so comparing the
        // tokens themselves would tell their length; digests are all as long.
        return MessageDigest.isEqual(expectedDigest, digest(given)) ? Verdict.ACCEPTED : Verdict.WRONG;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        // Never the token, wherever this ends up.
        return enabled() ? "AdminToken[set]" : "AdminToken[off]";
    }
}
