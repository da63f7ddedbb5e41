package dev.invalidator.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.invalidator.schemas.request.InvalidationRequest;
import java.util.Objects;

/**
 * What {@code POST /invalidations} hands a valid request to, and whose reply it sends back as is. The request has
 * been authenticated and validated against the request schema already.
 */
public interface InvalidationEndpoint {

    /**
     * Takes one request, e.g. 202 once it is durably on the requests topic, 200 with a preview for a dry run, 503
     * while that is not possible. Called on the HTTP threads; may block, but should give up in seconds.
     *
     * @throws InterruptedException when the server is stopping; the caller is told 503
     */
    Reply submit(InvalidationRequest request) throws InterruptedException;

    /**
     * The HTTP answer.
     *
     * @param status an HTTP status code
     * @param body   the JSON body; an error's body should be {@code {"error": "..."}} like the server's own
     */
    record Reply(int status, JsonNode body) {
        public Reply {
            if (status < 200 || status > 599) {
                throw new IllegalArgumentException("an HTTP reply's status is 200 to 599, got " + status);
            }
            Objects.requireNonNull(body, "body");
        }
    }
}
