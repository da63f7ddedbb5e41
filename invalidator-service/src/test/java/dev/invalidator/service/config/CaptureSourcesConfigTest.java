package dev.invalidator.service.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.service.capture.CaptureConnector;
import dev.invalidator.service.capture.CaptureSourceSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code capture.sources.<name>.*}: a connector each, Debezium properties passed through, mistakes named. */
class CaptureSourcesConfigTest {

    private static List<ConfigProblem> problems(String yaml) {
        try {
            ServiceConfig.parse("inv.yaml", yaml, Map.of());
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected a ConfigException");
    }

    @Test
    void parse_twoSources_inFileOrderWithTheirProperties() {
        ServiceConfig config = ServiceConfig.parse("inv.yaml", """
                capture:
                  sources:
                    shop:
                      connector: postgresql
                      properties:
                        database.hostname: db.example
                        topic.prefix: shop
                        table.include.list: [public.products, public.categories]
                    billing:
                      connector: mariadb
                      properties.database.server.id: 42
                """, Map.of());

        assertThat(config.captureSources()).containsExactly(
                new CaptureSourceSettings("shop", CaptureConnector.POSTGRESQL, Map.of(
                        "database.hostname", "db.example",
                        "topic.prefix", "shop",
                        "table.include.list", "public.products,public.categories")),
                new CaptureSourceSettings("billing", CaptureConnector.MARIADB,
                        Map.of("database.server.id", "42")));
    }

    @Test
    void parse_noCaptureSection_noSources() {
        assertThat(ServiceConfig.defaults().captureSources()).isEmpty();
    }

    @Test
    void parse_unknownConnector_namesKeyAndChoices() {
        assertThat(problems("capture.sources.shop.connector: oracle\n")).singleElement().hasToString(
                "inv.yaml:1:33: capture.sources.shop.connector: must be one of postgresql, mariadb; got 'oracle'");
    }

    @Test
    void parse_sourceWithoutConnector_namesTheMissingKey() {
        assertThat(problems("capture.sources.shop.properties.topic.prefix: shop\n")).singleElement()
                .satisfies(problem -> {
                    assertThat(problem.key()).isEqualTo("capture.sources.shop.connector");
                    assertThat(problem.message()).isEqualTo("required: one of postgresql, mariadb");
                });
    }

    @Test
    void parse_unknownKeyInSource_namesItAndWhatIsAccepted() {
        assertThat(problems("""
                capture.sources.shop:
                  connector: postgresql
                  conector: mariadb
                """)).singleElement().satisfies(problem -> {
                    assertThat(problem.key()).isEqualTo("capture.sources.shop.conector");
                    assertThat(problem.message()).contains("'connector'", "'properties.*'");
                });
    }

    @Test
    void parse_connectorClassInProperties_isRefused() {
        assertThat(problems("""
                capture.sources.shop:
                  connector: postgresql
                  properties.connector.class: io.debezium.connector.mysql.MySqlConnector
                """)).singleElement().satisfies(problem ->
                assertThat(problem.key()).isEqualTo("capture.sources.shop.properties.connector.class"));
    }

    @Test
    void parse_badSourceName_isRefused() {
        assertThat(problems("capture.sources.\"a b\".connector: postgresql\n")).singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("letters, digits"));
    }

    @Test
    void describe_sourcePasswords_areMasked() {
        ServiceConfig config = ServiceConfig.parse("inv.yaml", """
                capture.sources.shop:
                  connector: postgresql
                  properties:
                    database.user: capture
                    database.password: pg-secret
                """, Map.of());

        assertThat(config.describe()).contains("capture.sources.shop.connector = postgresql",
                "capture.sources.shop.properties.database.user = capture",
                "capture.sources.shop.properties.database.password = ******");
        assertThat(config.toString()).doesNotContain("pg-secret");
    }
}
