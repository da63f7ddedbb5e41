package dev.invalidator.service.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.invalidator.rules.engine.BeforeImages;
import dev.invalidator.rules.engine.RuleEngine;
import dev.invalidator.schemas.change.TableId;
import dev.invalidator.service.config.ServiceConfig;
import dev.invalidator.service.embedded.kafka.EmbeddedKafka;
import dev.invalidator.service.run.InvalidatorService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replica-identity check against a real PostgreSQL catalog (embedded, its own port and data directory): one
 * captured table {@code REPLICA IDENTITY DEFAULT}, one {@code FULL}, one left out by {@code table.include.list}.
 */
class ReplicaIdentityIT {

    private static EmbeddedPostgres postgres;

    @TempDir
    Path directory;

    private String run;
    private CaptureSourceSettings source;

    @BeforeAll
    static void start() {
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void tables() throws SQLException {
        run = "r" + UUID.randomUUID().toString().substring(0, 8);
        sql("CREATE SCHEMA " + run,
                "CREATE TABLE " + run + ".products (id integer PRIMARY KEY, sku text NOT NULL, title text)",
                "CREATE TABLE " + run + ".categories (id integer PRIMARY KEY, name text NOT NULL)",
                "ALTER TABLE " + run + ".categories REPLICA IDENTITY FULL",
                "CREATE TABLE " + run + ".drafts (id integer PRIMARY KEY, sku text NOT NULL)");
        source = new CaptureSourceSettings("shop", CaptureConnector.POSTGRESQL, Map.of(
                "database.hostname", "127.0.0.1",
                "database.port", Integer.toString(postgres.getPort()),
                "database.user", "postgres",
                "database.password", "postgres",
                "database.dbname", "postgres",
                "topic.prefix", "shop",
                "table.include.list", run + "\\.products," + run + "\\.categories"));
    }

    private String rules() {
        return """
                version: 1
                rules:
                  - name: product-sku
                    table: shop.%1$s.products
                    on: [update, delete]
                    invalidate: { keys: ["product:{id}", "product:sku:{before.sku}"] }
                  - name: category-name
                    table: shop.%1$s.categories
                    on: [update, delete]
                    invalidate: { keys: ["category:name:{before.name}"] }
                  - name: draft-sku
                    table: shop.%1$s.drafts
                    on: [delete]
                    invalidate: { keys: ["draft:sku:{before.sku}"] }
                """.formatted(run);
    }

    @Test
    void read_defaultAndFullTables_warnsForTheDefaultOneOnlyUntilItsFixIsRun() throws SQLException {
        RuleEngine rules = ReplicaIdentityCheckTest.engine(rules());
        TableId products = new TableId("shop", "postgres", run, "products");
        TableId categories = new TableId("shop", "postgres", run, "categories");

        ReplicaIdentities identities = ReplicaIdentities.read(List.of(source));
        IdentityWarnings warnings = new IdentityWarnings(identities, new SimpleMeterRegistry());
        warnings.update(rules);

        assertThat(identities.tables()).extracting(TableIdentity::table).containsExactlyInAnyOrder(products,
                categories);
        assertThat(identities.tables()).allSatisfy(table -> assertThat(table.keyColumns()).containsExactly("id"));
        BeforeImages declared = identities.beforeImages();
        assertThat(declared.identity(products)).contains(BeforeImages.Identity.KEY_COLUMNS_ONLY);
        assertThat(declared.identity(categories)).contains(BeforeImages.Identity.FULL);
        assertThat(warnings.current()).singleElement().satisfies(warning -> {
            assertThat(warning.table()).isEqualTo(products);
            assertThat(warning.identity()).isEqualTo(ReplicaIdentity.DEFAULT);
            assertThat(warning.rules()).containsOnlyKeys("product-sku");
            assertThat(warning.fix()).isEqualTo("ALTER TABLE " + run + ".products REPLICA IDENTITY FULL;");
        });

        sql(warnings.current().get(0).fix());
        IdentityWarnings afterFix = new IdentityWarnings(ReplicaIdentities.read(List.of(source)),
                new SimpleMeterRegistry());
        afterFix.update(rules);

        assertThat(afterFix.current()).isEmpty();
    }

    @Test
    void read_replicaIdentityUsingIndex_keyColumnsAreTheIndexColumns() throws SQLException {
        sql("CREATE UNIQUE INDEX " + run + "_sku ON " + run + ".products (sku)",
                "ALTER TABLE " + run + ".products REPLICA IDENTITY USING INDEX " + run + "_sku");

        assertThat(ReplicaIdentities.read(List.of(source)).tables())
                .filteredOn(table -> table.table().table().equals("products"))
                .singleElement().satisfies(table -> {
                    assertThat(table.identity()).isEqualTo(ReplicaIdentity.INDEX);
                    assertThat(table.keyColumns()).containsExactly("sku");
                });
    }

    @Test
    void read_databaseNotReachable_noIdentitiesSoTheyAreLearned() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> properties = new java.util.HashMap<>(source.properties());
        properties.put("database.port", Integer.toString(closedPort));

        ReplicaIdentities identities = ReplicaIdentities.read(List.of(
                new CaptureSourceSettings("gone", CaptureConnector.POSTGRESQL, properties)));

        assertThat(identities.tables()).isEmpty();
    }

    @Test
    void service_postgresCaptureSource_getRulesAndMetricsShowTheWarningUntilReloadedRulesNoLongerNeedIt()
            throws Exception {
        Path rulesDirectory = Files.createDirectories(directory.resolve("rules"));
        Files.writeString(rulesDirectory.resolve("shop.yaml"), rules());
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().start();
             InvalidatorService service = InvalidatorService.start(config(rulesDirectory, kafka))) {
            HttpClient http = HttpClient.newHttpClient();

            JsonNode listed = new ObjectMapper().readTree(get(http, service, "/rules"));
            String metrics = get(http, service, "/metrics");

            JsonNode warning = listed.at("/replicaIdentityWarnings");
            assertThat(warning).hasSize(1);
            assertThat(warning.at("/0/table").asText()).isEqualTo("shop." + run + ".products");
            assertThat(warning.at("/0/identity").asText()).isEqualTo("DEFAULT");
            assertThat(warning.at("/0/rules/product-sku/0").asText()).isEqualTo("sku");
            assertThat(warning.at("/0/columns/0").asText()).isEqualTo("sku");
            assertThat(warning.at("/0/fix").asText()).isEqualTo("ALTER TABLE " + run + ".products REPLICA IDENTITY FULL;");
            assertThat(metrics).contains("invalidator_capture_replica_identity_warnings{table=\"shop." + run
                    + ".products\"} 1.0");
            assertThat(service.rules().beforeImages().identity(new TableId("shop", "postgres", run, "products")))
                    .contains(BeforeImages.Identity.KEY_COLUMNS_ONLY);

            Files.writeString(rulesDirectory.resolve("shop.yaml"), rules().replace("{before.sku}", "{after.sku}"));
            assertThat(service.reloadRules().applied()).isTrue();

            assertThat(new ObjectMapper().readTree(get(http, service, "/rules")).at("/replicaIdentityWarnings"))
                    .isEmpty();
            assertThat(get(http, service, "/metrics")).contains("invalidator_capture_replica_identity_warnings{table=\"shop."
                    + run + ".products\"} 0.0");
        }
    }

    private ServiceConfig config(Path rulesDirectory, EmbeddedKafka kafka) {
        String yaml = """
                rules:
                  directory: %1$s
                kafka:
                  bootstrap.servers: %2$s
                  group.id: %3$s
                  requests.topic: %3$s.requests
                  dead-letter.topic: %3$s.dead-letters
                  broadcast.topic: %3$s.broadcast
                broadcast:
                  transport: none
                redis:
                  namespace: "%3$s-inv:"
                http:
                  port: 0
                capture:
                  sources:
                    shop:
                      connector: postgresql
                      properties:
                        database.hostname: 127.0.0.1
                        database.port: %4$d
                        database.user: postgres
                        database.password: postgres
                        database.dbname: postgres
                        topic.prefix: shop
                        table.include.list: %3$s.products,%3$s.categories
                """.formatted(rulesDirectory, kafka.bootstrapServers(), run, postgres.getPort());
        return ServiceConfig.parse("it.yaml", yaml, Map.of());
    }

    private static String get(HttpClient http, InvalidatorService service, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + service.httpPort() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static void sql(String... statements) throws SQLException {
        try (Connection db = postgres.getPostgresDatabase().getConnection();
             Statement statement = db.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
