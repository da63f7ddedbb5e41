package dev.invalidator.service.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body up to a limit, so that no caller can make the server hold more than that in memory. */
final class BoundedBody {

    /** The body is longer than the limit. */
    static final class TooLargeException extends Exception {
        TooLargeException(long limit) {
            super("the body is larger than the " + limit + " bytes the server takes", null, false, false);
        }
    }

    private BoundedBody() {
    }

    /**
     * @param declaredLength the {@code Content-Length}, or -1 when the body is chunked or the length not given
     * @throws TooLargeException when the declared length or the bytes actually sent exceed {@code limit}
     */
    static byte[] read(InputStream in, long declaredLength, int limit) throws IOException, TooLargeException {
        if (declaredLength > limit) {
            throw new TooLargeException(limit);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(declaredLength > 0 ? (int) declaredLength : 1024);
        byte[] buffer = new byte[8192];
        long total = 0;
        int read;
        while ((read = in.read(buffer)) != -1) {
            total += read;
            if (total > limit) {
                throw new TooLargeException(limit);
            }
            body.write(buffer, 0, read);
        }
        return body.toByteArray();
    }

    /**
     * Reads and drops up to {@code max} more bytes of a body that will not be used. A client still sending a body
     * when the connection closes may see the reset instead of the answer; reading the rest first lets it see the
     * answer, and the cap keeps that from costing more than {@code max}.
     */
    static void discard(InputStream in, long max) throws IOException {
        byte[] buffer = new byte[8192];
        long left = max;
        int read;
        while (left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) != -1) {
            left -= read;
        }
    }
}
