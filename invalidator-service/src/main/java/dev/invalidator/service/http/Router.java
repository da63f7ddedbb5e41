package dev.invalidator.service.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.invalidator.service.config.ServiceFields;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each request to its route, refusing what no route takes: unknown paths (404), other methods (405 with
 * {@code Allow}), admin calls without the right token (401, or 403 when the admin endpoints are off), bodies over
 * the limit (413). Every error is a JSON {@code {"error": "..."}}; failures are logged here and never shown to the
 * caller beyond a line.
 */
final class Router implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    private static final String REALM = "Bearer realm=\"invalidator admin\"";
    /** How much of a body over the limit is read and dropped before answering 413. */
    private static final long DISCARDED_BODY_BYTES = 8L * 1024 * 1024;

    private final Map<String, Map<String, Route>> routes = new LinkedHashMap<>();
    private final AdminToken token;
    private final int maxBodyBytes;

    Router(List<Route> routes, AdminToken token, int maxBodyBytes) {
        for (Route route : routes) {
            if (this.routes.computeIfAbsent(route.path(), path -> new TreeMap<>()).put(route.method(), route) != null) {
                throw new IllegalArgumentException("two routes for " + route.method() + " " + route.path());
            }
        }
        this.token = token;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        boolean interrupted = false;
        try {
            Response response;
            try {
                response = route(exchange, method, path);
            } catch (InterruptedException e) {
                // The flag is set again only after the answer is out: the socket is an interruptible channel,
                // which an interrupted thread would close instead of writing to.
                interrupted = true;
                response = Response.error(503, "the service is stopping");
            } catch (IOException e) {
                // The request body could not be read: the caller went away or sent a broken stream.
                LOG.warn("{} {}: cannot read the request body: {}", method, path, e.toString());
                response = Response.error(400, "cannot read the request body: " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("{} {} failed", method, path, e);
                response = Response.error(500, "internal error while handling " + method + " " + path
                        + "; the service's log has the details");
            }
            write(exchange, response);
        } catch (IOException e) {
            LOG.warn("{} {}: cannot send the answer: {}", method, path, e.toString());
        } finally {
            exchange.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Response route(HttpExchange exchange, String method, String path) throws IOException, InterruptedException {
        Map<String, Route> byMethod = routes.get(path);
        if (byMethod == null) {
            return Response.error(404, "no endpoint at " + path + "; there are " + String.join(", ", routes.keySet()));
        }
        Route route = byMethod.get(method);
        if (route == null) {
            return Response.error(405, method + " is not allowed on " + path + "; use " + String.join(" or ",
                    byMethod.keySet())).withHeader("Allow", String.join(", ", byMethod.keySet()));
        }
        if (route.admin()) {
            Response refused = refusal(exchange, method, path);
            if (refused != null) {
                return refused;
            }
        }
        byte[] body = new byte[0];
        if (route.takesBody()) {
            try {
                body = BoundedBody.read(exchange.getRequestBody(), contentLength(exchange), maxBodyBytes);
            } catch (BoundedBody.TooLargeException e) {
                // Only callers with the admin token get this far, so reading on a little costs nothing much. What
                // remains after that is left unread, and the connection cannot be reused.
                BoundedBody.discard(exchange.getRequestBody(), DISCARDED_BODY_BYTES);
                return Response.error(413, e.getMessage()).withHeader("Connection", "close");
            }
        }
        return route.endpoint().handle(body);
    }

    /** Why an admin call is refused, or null when its token is right. */
    private Response refusal(HttpExchange exchange, String method, String path) {
        return switch (token.check(exchange.getRequestHeaders().getFirst("Authorization"))) {
            case ACCEPTED -> null;
            case OFF -> Response.error(403, method + " " + path + " is an admin endpoint, and the admin endpoints "
                    + "are off: set " + ServiceFields.HTTP_ADMIN_TOKEN.name() + " to turn them on");
            case MISSING -> {
                LOG.warn("{} {} from {} refused: no bearer token", method, path, exchange.getRemoteAddress());
                yield Response.error(401, method + " " + path + " needs the admin token: send 'Authorization: "
                        + "Bearer <token>' with the token set in " + ServiceFields.HTTP_ADMIN_TOKEN.name())
                        .withHeader("WWW-Authenticate", REALM);
            }
            case WRONG -> {
                LOG.warn("{} {} from {} refused: wrong bearer token", method, path, exchange.getRemoteAddress());
                yield Response.error(401, "the bearer token is not the admin token")
                        .withHeader("WWW-Authenticate", REALM + ", error=\"invalid_token\"");
            }
        };
    }

    private static long contentLength(HttpExchange exchange) {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared == null) {
            return -1;
        }
        try {
            return Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            // The server itself refuses such a request before it gets here; read what comes and count it.
            return -1;
        }
    }

    private static void write(HttpExchange exchange, Response response) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", response.contentType());
        headers.set("Cache-Control", "no-store");
        response.headers().forEach(headers::set);
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
