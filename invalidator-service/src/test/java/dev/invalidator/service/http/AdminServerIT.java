package dev.invalidator.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.invalidator.rules.engine.LiveRules;
import dev.invalidator.schemas.change.TableId;
import dev.invalidator.schemas.request.InvalidationRequest;
import dev.invalidator.service.rules.RuleReloader;
import dev.invalidator.service.rules.TestRules;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The admin server on a free port, called over real HTTP with the JDK's client. */
class AdminServerIT {

    private static final String TOKEN = "s3cret-admin-token";
    private static final String SOURCE = "\"source\":{\"connector\":\"postgresql\",\"name\":\"shop\",\"db\":\"shop\","
            + "\"schema\":\"public\",\"table\":\"products\",\"lsn\":100,\"txId\":7}";
    private static final String PRICE_DROP = "{\"op\":\"u\"," + SOURCE + ","
            + "\"before\":{\"id\":7,\"sku\":\"TEA-GREEN-100\",\"title\":\"Sencha\",\"price\":4.95,\"category_id\":3,"
            + "\"status\":\"published\",\"stock\":40},"
            + "\"after\":{\"id\":7,\"sku\":\"TEA-GREEN-100\",\"title\":\"Sencha\",\"price\":3.95,\"category_id\":3,"
            + "\"status\":\"published\",\"stock\":40}}";

    @TempDir
    static Path temp;

    private static Path rulesDirectory;
    private static LiveRules rules;
    private static RuleReloader reloader;
    private static final AtomicBoolean live = new AtomicBoolean(true);
    private static final AtomicBoolean ready = new AtomicBoolean(true);
    private static final AtomicBoolean healthFails = new AtomicBoolean(false);
    private static final AtomicReference<String> metrics = new AtomicReference<>("");
    private static final List<InvalidationRequest> submitted = new CopyOnWriteArrayList<>();
    private static final AtomicReference<InvalidationEndpoint> invalidations = new AtomicReference<>();
    private static AdminServer server;
    private static AdminServer tokenless;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void start() throws IOException {
        rulesDirectory = temp.resolve("rules");
        copyShopExamples();
        rules = TestRules.load(rulesDirectory);
        reloader = new RuleReloader(rules, rulesDirectory, Clock.systemUTC());
        HealthCheck health = new HealthCheck() {
            @Override
            public boolean live() {
                return live.get();
            }

            @Override
            public boolean ready() {
                return ready.get();
            }

            @Override
            public Map<String, String> details() {
                if (healthFails.get()) {
                    throw new IllegalStateException("pipeline state unknown");
                }
                return Map.of("redis", ready.get() ? "connected" : "unreachable: 127.0.0.1:6379: Connection refused");
            }
        };
        server = AdminServer.builder().host("127.0.0.1").port(0).adminToken(Optional.of(TOKEN))
                .health(health).metrics(metrics::get).rules(reloader)
                .invalidations(request -> invalidations.get().submit(request))
                .start();
        tokenless = AdminServer.builder().host("127.0.0.1").port(0).adminToken(Optional.empty())
                .health(health).invalidations(request -> invalidations.get().submit(request))
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
        tokenless.close();
    }

    /** The shop example rules, fresh for every test, in force. */
    @BeforeEach
    void resetState() throws IOException {
        copyShopExamples();
        assertThat(reloader.reload("test set-up").applied()).isTrue();
        live.set(true);
        ready.set(true);
        healthFails.set(false);
        submitted.clear();
        invalidations.set(request -> {
            submitted.add(request);
            return new InvalidationEndpoint.Reply(202, new ObjectMapper().createObjectNode().put("id", request.id()));
        });
    }

    private static void copyShopExamples() throws IOException {
        if (Files.exists(rulesDirectory)) {
            try (Stream<Path> files = Files.walk(rulesDirectory)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
            }
        }
        Files.createDirectories(rulesDirectory);
        try (Stream<Path> files = Files.list(Path.of("..", "rules", "examples", "shop"))) {
            for (Path file : files.toList()) {
                Files.copy(file, rulesDirectory.resolve(file.getFileName().toString()),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private HttpResponse<String> get(AdminServer target, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(target, path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(AdminServer target, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(target, path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> admin(String path, String body) throws Exception {
        return post(server, path, TOKEN, body);
    }

    private static URI uri(AdminServer target, String path) {
        return URI.create("http://127.0.0.1:" + target.port() + path);
    }

    private JsonNode json(HttpResponse<String> response) throws IOException {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        return mapper.readTree(response.body());
    }

    // --- health and metrics

    @Test
    void healthLive_live_answers200WithTheDetails() throws Exception {
        HttpResponse<String> response = get(server, "/health/live");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).toString()).isEqualTo("{\"status\":\"up\",\"details\":{\"redis\":\"connected\"}}");
    }

    @Test
    void healthLive_notLive_answers503() throws Exception {
        live.set(false);

        HttpResponse<String> response = get(server, "/health/live");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json(response).get("status").asText()).isEqualTo("down");
    }

    @Test
    void healthReady_notReady_answers503SayingWhy() throws Exception {
        ready.set(false);

        HttpResponse<String> response = get(server, "/health/ready");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json(response).toString()).isEqualTo("{\"status\":\"down\",\"details\":"
                + "{\"redis\":\"unreachable: 127.0.0.1:6379: Connection refused\"}}");
        assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void healthReady_ready_answers200() throws Exception {
        assertThat(get(server, "/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void healthReady_checkFails_answers503() throws Exception {
        healthFails.set(true);

        HttpResponse<String> response = get(server, "/health/ready");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json(response).toString()).isEqualTo("{\"status\":\"down\","
                + "\"error\":\"the ready check failed; the service's log has the details\"}");
    }

    @Test
    void metrics_supplierFails_answers500WithoutTheStackTrace() throws Exception {
        AdminServer failing = AdminServer.builder().host("127.0.0.1").port(0).metrics(() -> {
            throw new IllegalStateException("registry closed");
        }).start();
        try {
            HttpResponse<String> response = get(failing, "/metrics");

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(json(response).toString()).isEqualTo("{\"error\":\"internal error while handling GET "
                    + "/metrics; the service's log has the details\"}");
        } finally {
            failing.close();
        }
    }

    @Test
    void metrics_answersTheSuppliersTextInPrometheusFormat() throws Exception {
        metrics.set("# TYPE invalidator_events_total counter\ninvalidator_events_total 42.0\n");

        HttpResponse<String> response = get(server, "/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).isEqualTo("# TYPE invalidator_events_total counter\ninvalidator_events_total 42.0\n");
    }

    // --- rules

    @Test
    void rules_listsTheRulesInForceAsWritten() throws Exception {
        HttpResponse<String> response = get(server, "/rules");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("ruleCount").asInt()).isEqualTo(rules.current().ruleNames().size()).isGreaterThan(5);
        assertThat(body.get("directory").asText()).isEqualTo(rulesDirectory.toString());
        assertThat(Instant.parse(body.get("loadedAt").asText())).isEqualTo(reloader.status().loadedAt());
        assertThat(body.get("lastReloadFailed").isNull()).isTrue();
        JsonNode productChanged = body.get("rules").findParents("name").stream()
                .filter(rule -> rule.get("name").asText().equals("product-changed")).findFirst().orElseThrow();
        assertThat(productChanged.get("file").asText()).isEqualTo("rules/products.yaml");
        assertThat(productChanged.get("line").asInt()).isPositive();
        assertThat(productChanged.get("table").asText()).isEqualTo("shop.public.products");
        assertThat(productChanged.get("on").toString()).isEqualTo("[\"update\",\"delete\"]");
        assertThat(productChanged.get("columns").toString())
                .isEqualTo("[\"sku\",\"title\",\"price\",\"category_id\",\"status\",\"description\"]");
        assertThat(productChanged.get("when").asText())
                .isEqualTo("after.status == 'published' || before.status == 'published'");
        assertThat(productChanged.get("invalidate").toString()).isEqualTo("{\"keys\":[\"product:{id}\","
                + "\"product:sku:{before.sku}\",\"product:sku:{after.sku}\"],\"patterns\":[],"
                + "\"tags\":[\"category:{before.category_id}\",\"category:{after.category_id}\"],\"versions\":[],"
                + "\"cascade\":false,\"refresh\":[]}");
        assertThat(productChanged.get("soft").booleanValue()).isFalse();
    }

    @Test
    void rules_afterAFailedReload_showsItsErrorsBesideTheOldRules() throws Exception {
        List<String> before = rules.current().ruleNames();
        TestRules.write(rulesDirectory.resolve("broken.yaml"), TestRules.UNKNOWN_FIELD);
        admin("/rules/reload", "");

        JsonNode body = json(get(server, "/rules"));

        assertThat(body.get("ruleCount").asInt()).isEqualTo(before.size());
        assertThat(body.get("lastReloadFailed").get("errors").get(0).asText())
                .isEqualTo("rules/broken.yaml:7:7: unknown field 'patern' (did you mean 'patterns'?)");
        assertThat(body.get("lastReloadFailed").get("at").asText()).isNotBlank();
    }

    @Test
    void rulesTest_event_answersThePlanAsRulesTestJsonPrintsIt() throws Exception {
        HttpResponse<String> response = admin("/rules/test", PRICE_DROP);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).toString()).isEqualTo("{\"topic\":\"shop.public.products\",\"op\":\"update\","
                + "\"rules\":[\"product-changed\",\"product-price-dropped\"],"
                + "\"keys\":[\"deals:category:3\",\"deals:home\",\"product:7\",\"product:sku:TEA-GREEN-100\"],"
                + "\"patterns\":[],\"tags\":[\"category:3\"],\"versions\":[],\"refresh\":[],\"soft\":[],\"cascade\":false,\"skipped\":[],"
                + "\"error\":null}");
    }

    @Test
    void rulesTest_kafkaRecord_takesItsTopic() throws Exception {
        HttpResponse<String> response = admin("/rules/test",
                "{\"topic\":\"shop-topic\",\"key\":{\"id\":7},\"value\":" + PRICE_DROP + "}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("topic").asText()).isEqualTo("shop-topic");
        assertThat(json(response).get("keys")).hasSize(4);
    }

    @Test
    void rulesTest_tombstone_answersAnEmptyPlan() throws Exception {
        HttpResponse<String> response = admin("/rules/test", "{\"topic\":\"t\",\"key\":{\"id\":7},\"value\":null}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("rules")).isEmpty();
    }

    @Test
    void rulesTest_teachesTheLiveRulesNothing() throws Exception {
        // An update without a before-image would teach the service that the table sends key-only before-images.
        String noBeforeImage = "{\"op\":\"u\"," + SOURCE + ",\"before\":null,\"after\":{\"id\":7,\"status\":\"published\"}}";

        assertThat(admin("/rules/test", noBeforeImage).statusCode()).isEqualTo(200);

        assertThat(rules.beforeImages().identity(new TableId("shop", "shop", "public", "products"))).isEmpty();
    }

    @Test
    void rulesTest_notJson_answers400WithTheReason() throws Exception {
        HttpResponse<String> response = admin("/rules/test", "{\"op\":");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).startsWith("not a change event: not JSON: ");
    }

    @Test
    void rulesTest_notAChangeEvent_answers400NamingTheField() throws Exception {
        HttpResponse<String> response = admin("/rules/test", "{\"op\":\"x\"," + SOURCE + "}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).toString()).isEqualTo("{\"error\":\"not a change event: unknown op 'x' "
                + "(expected one of c, u, d, r, t) (at /op)\"}");
    }

    @Test
    void rulesReload_goodFiles_putsThemInForceAndAnswersTheCount() throws Exception {
        int before = rules.current().ruleNames().size();
        TestRules.write(rulesDirectory.resolve("extra/more.yaml"),
                TestRules.rule("extra-rule", "shop.public.extras", "extra:{id}"));

        HttpResponse<String> response = admin("/rules/reload", "");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("rules").asInt()).isEqualTo(before + 1);
        assertThat(body.get("files").asInt()).isEqualTo(5);
        assertThat(body.get("warnings").isArray()).isTrue();
        assertThat(rules.current().ruleNames()).contains("extra-rule");
    }

    @Test
    void rulesReload_badFiles_answers422WithEveryPositionAndKeepsTheOldRules() throws Exception {
        List<String> before = rules.current().ruleNames();
        TestRules.write(rulesDirectory.resolve("broken.yaml"), TestRules.UNKNOWN_FIELD);
        TestRules.write(rulesDirectory.resolve("more/customers.yaml"), TestRules.BAD_TEMPLATE);

        HttpResponse<String> response = admin("/rules/reload", "");

        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode body = json(response);
        assertThat(body.get("error").asText()).isEqualTo("the rule files have 2 errors; the " + before.size()
                + " rules in force stay");
        assertThat(body.get("problems")).extracting(JsonNode::asText).containsExactly(
                "rules/broken.yaml:7:7: unknown field 'patern' (did you mean 'patterns'?)",
                "rules/more/customers.yaml:6:24: key 'customer:{id': unclosed '{': a placeholder is '{column}'; "
                        + "write '{{' for a literal '{'");
        assertThat(rules.current().ruleNames()).isEqualTo(before);
    }

    // --- invalidation requests

    @Test
    void invalidations_validRequest_isHandedOnAndItsReplySent() throws Exception {
        HttpResponse<String> response = admin("/invalidations",
                "{\"id\":\"req-1\",\"source\":\"checkout\",\"keys\":[\"product:7\"],\"tags\":[\"category:3\"]}");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response).toString()).isEqualTo("{\"id\":\"req-1\"}");
        assertThat(submitted).containsExactly(new InvalidationRequest("req-1", "checkout", List.of("product:7"),
                List.of(), List.of("category:3"), false, false, null));
    }

    @Test
    void invalidations_invalidRequest_answers400NamingTheField() throws Exception {
        HttpResponse<String> response = admin("/invalidations",
                "{\"id\":\"req-1\",\"source\":\"checkout\",\"keys\":[\"product:7\", 8]}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.get("error").asText()).startsWith("not a valid invalidation request: /keys/1: ");
        assertThat(body.get("violations").get(0).get("field").asText()).isEqualTo("/keys/1");
        assertThat(submitted).isEmpty();
    }

    @Test
    void invalidations_misspeltField_answers400NamingIt() throws Exception {
        HttpResponse<String> response = admin("/invalidations",
                "{\"id\":\"req-1\",\"source\":\"checkout\",\"key\":[\"product:7\"]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).contains("key");
    }

    @Test
    void invalidations_notJson_answers400() throws Exception {
        HttpResponse<String> response = admin("/invalidations", "keys=product:7");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).startsWith("not a valid invalidation request: ");
    }

    @Test
    void invalidations_endpointInterrupted_answers503() throws Exception {
        invalidations.set(request -> {
            throw new InterruptedException("stopping");
        });

        HttpResponse<String> response = admin("/invalidations",
                "{\"id\":\"req-1\",\"source\":\"checkout\",\"keys\":[\"product:7\"]}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json(response).get("error").asText()).isEqualTo("the service is stopping");
    }

    @Test
    void invalidations_endpointFails_answers500WithoutTheStackTrace() throws Exception {
        invalidations.set(request -> {
            throw new IllegalStateException("producer closed");
        });

        HttpResponse<String> response = admin("/invalidations",
                "{\"id\":\"req-1\",\"source\":\"checkout\",\"keys\":[\"product:7\"]}");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(json(response).get("error").asText()).isEqualTo(
                "internal error while handling POST /invalidations; the service's log has the details");
        assertThat(response.body()).doesNotContain("IllegalStateException").doesNotContain("producer closed");
    }

    @Test
    void invalidations_slowEndpoint_doesNotHoldUpTheProbes() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        invalidations.set(request -> {
            entered.countDown();
            release.await();
            return new InvalidationEndpoint.Reply(202, mapper.createObjectNode());
        });
        var slow = client.sendAsync(HttpRequest.newBuilder(uri(server, "/invalidations"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"r\",\"source\":\"s\",\"keys\":[\"k\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        try {
            assertThat(get(server, "/health/ready").statusCode()).isEqualTo(200);
        } finally {
            release.countDown();
        }
        assertThat(slow.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
    }

    // --- authentication

    @ParameterizedTest
    @ValueSource(strings = {"/rules/test", "/rules/reload", "/invalidations"})
    void adminEndpoint_noToken_answers401AskingForOne(String path) throws Exception {
        HttpResponse<String> response = post(server, path, null, "{}");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"invalidator admin\"");
        assertThat(json(response).get("error").asText()).isEqualTo("POST " + path + " needs the admin token: send "
                + "'Authorization: Bearer <token>' with the token set in http.admin-token");
        assertThat(submitted).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/rules/test", "/rules/reload", "/invalidations"})
    void adminEndpoint_wrongToken_answers401(String path) throws Exception {
        HttpResponse<String> response = post(server, path, TOKEN + "x",
                "{\"id\":\"req-1\",\"source\":\"checkout\",\"keys\":[\"product:7\"]}");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"invalidator admin\", error=\"invalid_token\"");
        assertThat(json(response).get("error").asText()).isEqualTo("the bearer token is not the admin token");
        assertThat(submitted).isEmpty();
    }

    @Test
    void adminEndpoint_wrongToken_reloadsNothing() throws Exception {
        long reloads = reloader.status().reloads();

        post(server, "/rules/reload", "wrong", "");

        assertThat(reloader.status().reloads()).isEqualTo(reloads);
    }

    @Test
    void adminEndpoint_tokenNotConfigured_answers403NamingTheKeyThatTurnsThemOn() throws Exception {
        HttpResponse<String> response = post(tokenless, "/invalidations", TOKEN,
                "{\"id\":\"req-1\",\"source\":\"checkout\",\"keys\":[\"product:7\"]}");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).get("error").asText()).isEqualTo("POST /invalidations is an admin endpoint, and "
                + "the admin endpoints are off: set http.admin-token to turn them on");
        assertThat(submitted).isEmpty();
    }

    @Test
    void getEndpoints_tokenNotConfigured_stillAnswer() throws Exception {
        assertThat(get(tokenless, "/health/live").statusCode()).isEqualTo(200);
    }

    // --- protocol

    @Test
    void unknownPath_answers404ListingTheEndpoints() throws Exception {
        HttpResponse<String> response = get(server, "/nothing/here");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("error").asText()).isEqualTo("no endpoint at /nothing/here; there are "
                + "/health/live, /health/ready, /metrics, /rules, /rules/test, /rules/reload, /invalidations");
    }

    @Test
    void partNotGiven_answers404() throws Exception {
        assertThat(get(tokenless, "/rules").statusCode()).isEqualTo(404);
        assertThat(get(tokenless, "/metrics").statusCode()).isEqualTo(404);
    }

    @Test
    void wrongMethod_answers405WithAllow() throws Exception {
        HttpResponse<String> getOfPost = get(server, "/rules/reload");
        HttpResponse<String> postOfGet = post(server, "/health/live", TOKEN, "");

        assertThat(getOfPost.statusCode()).isEqualTo(405);
        assertThat(getOfPost.headers().firstValue("Allow")).hasValue("POST");
        assertThat(json(getOfPost).get("error").asText()).isEqualTo("GET is not allowed on /rules/reload; use POST");
        assertThat(postOfGet.statusCode()).isEqualTo(405);
        assertThat(postOfGet.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void bodyOverTheLimit_answers413() throws Exception {
        HttpResponse<String> response = admin("/invalidations", "x".repeat(AdminServer.MAX_BODY_BYTES + 1));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).get("error").asText())
                .isEqualTo("the body is larger than the 1048576 bytes the server takes");
        assertThat(submitted).isEmpty();
    }

    @Test
    void chunkedBodyOverTheLimit_answers413() throws Exception {
        byte[] body = new byte[AdminServer.MAX_BODY_BYTES + 1];
        HttpRequest request = HttpRequest.newBuilder(uri(server, "/rules/test"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();

        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void start_portTaken_failsNamingThePortAndItsKey() {
        assertThatThrownBy(() -> AdminServer.builder().host("127.0.0.1").port(server.port()).start())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("127.0.0.1:" + server.port())
                .hasMessageContaining("http.port");
    }

    @Test
    void close_stopsListening() throws Exception {
        AdminServer closing = AdminServer.builder().host("127.0.0.1").port(0).metrics(() -> "").start();
        assertThat(get(closing, "/metrics").statusCode()).isEqualTo(200);

        closing.close();

        assertThatThrownBy(() -> get(closing, "/metrics")).isInstanceOf(ConnectException.class);
    }
}
