package dev.invalidator.service.http;

import com.sun.net.httpserver.HttpServer;
import dev.invalidator.service.config.ServiceFields;
import dev.invalidator.service.capture.IdentityWarning;
import dev.invalidator.service.rules.RuleReloader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's HTTP endpoints on the JDK's built-in server: health probes, Prometheus metrics, the rules in force,
 * and the admin endpoints (try an event against the rules, reload them, submit an invalidation request), which need
 * the admin token and are off without one. Each part is served only when given to the {@link Builder}.
 *
 * <pre>{@code
 * AdminServer server = AdminServer.builder()
 *         .port(config.get(ServiceFields.HTTP_PORT))
 *         .adminToken(config.find(ServiceFields.HTTP_ADMIN_TOKEN))
 *         .health(health).metrics(registry::scrape).rules(reloader).invalidations(endpoint)
 *         .start();
 * server.port();   // the port it listens on, also when 0 asked for a free one
 * server.close();  // within about a second
 * }</pre>
 */
public final class AdminServer implements AutoCloseable {

    /** The largest request body taken; larger ones are answered 413. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    /** Probes and scrapes must get through while an admin call waits on Kafka: a few threads, not one. */
    private static final int THREADS = 4;
    private static final int QUEUED_REQUESTS = 64;
    /** How long close() lets requests under way finish. */
    private static final int STOP_DELAY_SECONDS = 1;

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private boolean closed;

    private AdminServer(HttpServer server, ThreadPoolExecutor executor) {
        this.server = server;
        this.executor = executor;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The port listened on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops listening, lets requests under way finish for up to a second, then stops the threads. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        int port = port();
        server.stop(STOP_DELAY_SECONDS);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(STOP_DELAY_SECONDS, TimeUnit.SECONDS)) {
                executor.shutdownNow();
                LOG.warn("admin HTTP requests still running after the server stopped were interrupted");
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        LOG.info("admin HTTP server on port {} stopped", port);
    }

    /** What to serve, and where. Every part is optional; the paths of parts not given answer 404. */
    public static final class Builder {

        private String host;
        private int port = ServiceFields.HTTP_PORT.defaultValue();
        private Optional<String> adminToken = Optional.empty();
        private HealthCheck health;
        private Supplier<String> metrics;
        private RuleReloader rules;
        private Supplier<List<IdentityWarning>> identityWarnings = List::of;
        private InvalidationEndpoint invalidations;

        private Builder() {
        }

        /** The address to listen on; every address when not given. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port to listen on; 0 picks a free one ({@link AdminServer#port()} tells which). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(ServiceFields.HTTP_PORT.name() + " must be 0 to 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** The bearer token of the admin endpoints; when empty they answer 403. */
        public Builder adminToken(Optional<String> adminToken) {
            this.adminToken = Objects.requireNonNull(adminToken, "adminToken");
            return this;
        }

        /** Serves {@code GET /health/live} and {@code GET /health/ready}. */
        public Builder health(HealthCheck health) {
            this.health = Objects.requireNonNull(health, "health");
            return this;
        }

        /** Serves {@code GET /metrics}: the supplier's Prometheus text exposition. */
        public Builder metrics(Supplier<String> metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /** Serves {@code GET /rules}, and the admin endpoints {@code POST /rules/test} and {@code /rules/reload}. */
        public Builder rules(RuleReloader rules) {
            this.rules = Objects.requireNonNull(rules, "rules");
            return this;
        }

        /** Lists these replica-identity warnings in {@code GET /rules}; none when not given. */
        public Builder identityWarnings(Supplier<List<IdentityWarning>> identityWarnings) {
            this.identityWarnings = Objects.requireNonNull(identityWarnings, "identityWarnings");
            return this;
        }

        /** Serves the admin endpoint {@code POST /invalidations}. */
        public Builder invalidations(InvalidationEndpoint invalidations) {
            this.invalidations = Objects.requireNonNull(invalidations, "invalidations");
            return this;
        }

        /**
         * Starts serving.
         *
         * @throws IOException when the port cannot be listened on, naming it and its configuration key
         */
        public AdminServer start() throws IOException {
            AdminToken token = AdminToken.of(adminToken);
            InetSocketAddress address = host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
            HttpServer server;
            try {
                server = HttpServer.create(address, 0);
            } catch (IOException e) {
                throw new IOException("cannot listen on " + (host == null ? "port " + port : host + ":" + port)
                        + " (" + ServiceFields.HTTP_PORT.name() + "): " + e.getMessage(), e);
            }
            ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS,
                    new ArrayBlockingQueue<>(QUEUED_REQUESTS), daemonThreads(),
                    // When every thread is busy and the queue full, the server's own thread runs the request: it
                    // stops accepting new ones meanwhile, which is the back-pressure wanted.
                    new ThreadPoolExecutor.CallerRunsPolicy());
            server.setExecutor(executor);
            server.createContext("/", new Router(routes(), token, MAX_BODY_BYTES));
            server.start();
            AdminServer started = new AdminServer(server, executor);
            LOG.info("admin HTTP server listening on port {}; admin endpoints {}", started.port(),
                    token.enabled() ? "on" : "off (" + ServiceFields.HTTP_ADMIN_TOKEN.name() + " is not set)");
            return started;
        }

        private List<Route> routes() {
            List<Route> routes = new ArrayList<>();
            if (health != null) {
                HealthEndpoints endpoints = new HealthEndpoints(health);
                routes.add(Route.get("/health/live", endpoints::live));
                routes.add(Route.get("/health/ready", endpoints::ready));
            }
            if (metrics != null) {
                Supplier<String> scrape = metrics;
                routes.add(Route.get("/metrics", body -> Response.text(200, Response.PROMETHEUS_TEXT, scrape.get())));
            }
            if (rules != null) {
                RulesEndpoints endpoints = new RulesEndpoints(rules, identityWarnings);
                routes.add(Route.get("/rules", endpoints::list));
                routes.add(Route.adminPost("/rules/test", true, endpoints::test));
                routes.add(Route.adminPost("/rules/reload", false, endpoints::reload));
            }
            if (invalidations != null) {
                routes.add(Route.adminPost("/invalidations", true, new InvalidationRequests(invalidations)::submit));
            }
            return routes;
        }

        private static ThreadFactory daemonThreads() {
            AtomicInteger count = new AtomicInteger();
            return task -> {
                Thread thread = new Thread(task, "admin-http-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
        }
    }
}
