package dev.invalidator.service.http;

import java.util.Objects;

/**
 * One method on one path.
 *
 * @param admin     true when the admin token is required
 * @param takesBody true when the endpoint reads the request body (read whole, up to the server's limit)
 */
record Route(String method, String path, boolean admin, boolean takesBody, Endpoint endpoint) {

    Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(endpoint, "endpoint");
        if (takesBody && !admin) {
            // Bodies cost memory and time: only callers holding the admin token may make the server read one.
            throw new IllegalArgumentException(method + " " + path + " takes a body, so it must need the admin token");
        }
    }

    /** A read-only endpoint anyone may call. */
    static Route get(String path, Endpoint endpoint) {
        return new Route("GET", path, false, false, endpoint);
    }

    /** A POST endpoint that needs the admin token. */
    static Route adminPost(String path, boolean takesBody, Endpoint endpoint) {
        return new Route("POST", path, true, takesBody, endpoint);
    }
}
