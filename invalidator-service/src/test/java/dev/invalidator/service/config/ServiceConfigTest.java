package dev.invalidator.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.list;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceConfigTest {

    private static ServiceConfig parse(String yaml) {
        return ServiceConfig.parse("inv.yaml", yaml, Map.of());
    }

    private static List<ConfigProblem> problems(String yaml, Map<String, String> env) {
        try {
            ServiceConfig.parse("inv.yaml", yaml, env);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected a ConfigException");
    }

    private static List<ConfigProblem> problems(String yaml) {
        return problems(yaml, Map.of());
    }

    @Test
    void parse_emptyFile_givesEveryDefault() {
        ServiceConfig config = parse("");

        assertThat(config.get(ServiceFields.RULES_DIRECTORY)).isEqualTo(Path.of("rules"));
        assertThat(config.get(ServiceFields.KAFKA_BOOTSTRAP_SERVERS)).containsExactly("localhost:9092");
        assertThat(config.get(ServiceFields.KAFKA_GROUP_ID)).isEqualTo("invalidator");
        assertThat(config.find(ServiceFields.KAFKA_TOPICS_PATTERN)).isEmpty();
        assertThat(config.get(ServiceFields.REDIS_PORT)).isEqualTo(6379);
        assertThat(config.get(ServiceFields.REDIS_TLS)).isFalse();
        assertThat(config.get(ServiceFields.REDIS_NAMESPACE)).isEqualTo("inv:");
        assertThat(config.find(ServiceFields.REDIS_PASSWORD)).isEmpty();
        assertThat(config.find(ServiceFields.HTTP_ADMIN_TOKEN)).isEmpty();
        assertThat(config.get(ServiceFields.LIMITS_PATTERN_TIME)).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.get(ServiceFields.RETRY_INITIAL_BACKOFF)).isEqualTo(Duration.ofMillis(100));
        assertThat(config.kafkaClientProperties()).isEmpty();
        for (Field<?> field : ServiceFields.ALL) {
            assertThat(config.find(field)).isEqualTo(java.util.Optional.ofNullable(field.defaultValue()));
        }
    }

    @Test
    void parse_nestedAndDottedKeys_readAlike() {
        ServiceConfig config = parse("""
                kafka:
                  group.id: g1
                  bootstrap:
                    servers: [a:9092, b:9092]
                redis.port: 6380
                limits: {pattern: {time: 500ms, keys-scanned: 42}}
                """);

        assertThat(config.get(ServiceFields.KAFKA_GROUP_ID)).isEqualTo("g1");
        assertThat(config.get(ServiceFields.KAFKA_BOOTSTRAP_SERVERS)).containsExactly("a:9092", "b:9092");
        assertThat(config.get(ServiceFields.REDIS_PORT)).isEqualTo(6380);
        assertThat(config.get(ServiceFields.LIMITS_PATTERN_TIME)).isEqualTo(Duration.ofMillis(500));
        assertThat(config.get(ServiceFields.LIMITS_PATTERN_KEYS_SCANNED)).isEqualTo(42L);
    }

    @Test
    void parse_badIntPort_namesKeyPositionAndForm() {
        assertThat(problems("redis:\n  port: sixty\n")).singleElement().hasToString(
                "inv.yaml:2:9: redis.port: expected an integer, e.g. 6379; got 'sixty'");
    }

    @Test
    void parse_portOutOfRange_namesKeyAndRange() {
        assertThat(problems("redis.port: 70000\n")).singleElement().hasToString(
                "inv.yaml:1:13: redis.port: must be between 1 and 65535; got '70000'");
    }

    @Test
    void parse_badLong_namesKey() {
        assertThat(problems("limits.pattern.keys-scanned: lots\n")).singleElement()
                .satisfies(p -> assertThat(p.key()).isEqualTo("limits.pattern.keys-scanned"))
                .satisfies(p -> assertThat(p.message()).startsWith("expected an integer"));
    }

    @Test
    void parse_badBoolean_namesKey() {
        assertThat(problems("redis.tls: yes please\n")).singleElement().hasToString(
                "inv.yaml:1:12: redis.tls: expected true or false; got 'yes please'");
    }

    @Test
    void parse_badDuration_namesKeyAndForm() {
        assertThat(problems("retry:\n  max-backoff: 30 seconds\n")).singleElement().hasToString(
                "inv.yaml:2:16: retry.max-backoff: expected a whole number with a unit ms, s, m or h, e.g. 500ms "
                        + "or 30s; got '30 seconds'");
    }

    @Test
    void parse_zeroDuration_isRefused() {
        assertThat(problems("limits.pattern.time: 0s\n")).singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo("must be longer than 0; got '0s'"));
    }

    @Test
    void parse_badList_namesKey() {
        assertThat(problems("kafka.bootstrap.servers: []\n")).singleElement().hasToString(
                "inv.yaml:1:26: kafka.bootstrap.servers: must name at least one entry; got nothing");
        assertThat(problems("kafka.bootstrap.servers: [{host: a}]\n")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("nested mapping"));
    }

    @Test
    void parse_badPath_namesKey() {
        assertThat(problems("rules.directory: \"\"\n")).singleElement()
                .satisfies(p -> assertThat(p.key()).isEqualTo("rules.directory"))
                .satisfies(p -> assertThat(p.message()).startsWith("expected a file system path"));
    }

    @Test
    void parse_badStringValidation_namesKey() {
        assertThat(problems("redis.namespace: \"{x}\"\nkafka.topics.pattern: \"shop.(\"\n"))
                .extracting(ConfigProblem::key).containsExactly("redis.namespace", "kafka.topics.pattern");
    }

    @Test
    void parse_scalarGivenForList_isRefusedAndMappingForScalar() {
        assertThat(problems("redis.port: [1, 2]\nredis:\n  host: {name: x}\n"))
                .extracting(ConfigProblem::message)
                .containsExactly("expected an integer, e.g. 6379, got a list", "expected text, got a mapping");
    }

    @Test
    void parse_unknownKey_suggestsNearest() {
        assertThat(problems("kafka:\n  bootstrap.server: x:1\n")).singleElement().hasToString(
                "inv.yaml:2:21: kafka.bootstrap.server: unknown key (did you mean 'kafka.bootstrap.servers'?)");
    }

    @Test
    void parse_unknownKeyFarFromAll_pointsToReference() {
        assertThat(problems("metrics.enabled: true\n")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("Configuration reference"));
    }

    @Test
    void parse_duplicateKey_isReported() {
        assertThat(problems("redis.port: 1\nredis:\n  port: 2\n")).singleElement().hasToString(
                "inv.yaml:3:9: redis.port: set twice (first at inv.yaml:1:13)");
    }

    @Test
    void parse_yamlSyntaxError_givesPosition() {
        assertThat(problems("redis: [port\n")).singleElement()
                .satisfies(p -> assertThat(p.source()).startsWith("inv.yaml:"))
                .satisfies(p -> assertThat(p.message()).startsWith("YAML syntax"));
    }

    @Test
    void parse_manyProblems_reportsAllAtOnce() {
        assertThatThrownBy(() -> parse("""
                redis:
                  port: x
                  tls: maybe
                kafka.grup.id: g
                retry.initial-backoff: soon
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("4 configuration problems:")
                .extracting(e -> ((ConfigException) e).problems(), list(ConfigProblem.class))
                .extracting(ConfigProblem::key)
                .containsExactly("redis.port", "redis.tls", "kafka.grup.id", "retry.initial-backoff");
    }

    @Test
    void parse_maxBackoffBelowInitial_namesBothKeys() {
        assertThat(problems("retry: {initial-backoff: 5s, max-backoff: 1s}\n")).singleElement()
                .satisfies(p -> assertThat(p.key()).isEqualTo("retry.max-backoff"))
                .satisfies(p -> assertThat(p.message()).contains("retry.initial-backoff"));
    }

    @Test
    void parse_clusterNodes_readAsAList() {
        ServiceConfig config = parse("redis:\n  cluster:\n    nodes: [a:7000, b:7001]\n");

        assertThat(config.get(ServiceFields.REDIS_CLUSTER_NODES)).containsExactly("a:7000", "b:7001");
        assertThat(parse("").find(ServiceFields.REDIS_CLUSTER_NODES)).isEmpty();
    }

    @Test
    void parse_badClusterNode_namesKeyAndEntry() {
        assertThat(problems("redis.cluster.nodes: [a:7000, b]\n")).singleElement().hasToString(
                "inv.yaml:1:22: redis.cluster.nodes: must list host:port entries: 'b' is not host:port; "
                        + "got 'a:7000,b'");
        assertThat(problems("redis.cluster.nodes: []\n")).singleElement()
                .extracting(ConfigProblem::key, ConfigProblem::message)
                .containsExactly("redis.cluster.nodes", "must name at least one node; got nothing");
    }

    @Test
    void parse_redisUserWithoutPassword_isRefused() {
        assertThat(problems("redis.user: invalidator\n")).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("redis.user");
            assertThat(problem.message()).startsWith("needs redis.password");
        });
        assertThat(parse("redis: {user: invalidator, password: s3cret}\n").get(ServiceFields.REDIS_USER))
                .isEqualTo("invalidator");
    }

    @Test
    void parse_envOverride_winsOverFile() {
        ServiceConfig config = ServiceConfig.parse("inv.yaml", "kafka.bootstrap.servers: [file:9092]\n", Map.of(
                "INVALIDATOR_KAFKA_BOOTSTRAP_SERVERS", "env1:9092, env2:9092",
                "INVALIDATOR_KAFKA_DEAD_LETTER_TOPIC", "dlq",
                "INVALIDATOR_REDIS_TLS", "true",
                "INVALIDATOR_HTTP_ADMIN_TOKEN", ""));

        assertThat(config.get(ServiceFields.KAFKA_BOOTSTRAP_SERVERS)).containsExactly("env1:9092", "env2:9092");
        assertThat(config.get(ServiceFields.KAFKA_DEAD_LETTER_TOPIC)).isEqualTo("dlq");
        assertThat(config.get(ServiceFields.REDIS_TLS)).isTrue();
        assertThat(config.find(ServiceFields.HTTP_ADMIN_TOKEN)).isEmpty();
    }

    @Test
    void parse_badEnvOverride_namesVariableAndKey() {
        assertThat(problems("", Map.of("INVALIDATOR_REDIS_PORT", "abc"))).singleElement().hasToString(
                "environment variable INVALIDATOR_REDIS_PORT: redis.port: expected an integer, e.g. 6379; got 'abc'");
    }

    @Test
    void envVariable_mapsDotsAndDashesToUnderscores() {
        assertThat(ServiceFields.KAFKA_BOOTSTRAP_SERVERS.envVariable())
                .isEqualTo("INVALIDATOR_KAFKA_BOOTSTRAP_SERVERS");
        assertThat(ServiceFields.LIMITS_PATTERN_KEYS_SCANNED.envVariable())
                .isEqualTo("INVALIDATOR_LIMITS_PATTERN_KEYS_SCANNED");
    }

    @Test
    void parse_kafkaClientSettings_passThroughAsGiven() {
        ServiceConfig config = ServiceConfig.parse("inv.yaml", """
                kafka:
                  client:
                    security.protocol: SASL_SSL
                    sasl.mechanism: SCRAM-SHA-512
                    ssl.truststore.location: /etc/ts.p12
                    max.poll.records: 500
                """, Map.of("INVALIDATOR_KAFKA_CLIENT_SASL_JAAS_CONFIG", "x required;"));

        assertThat(config.kafkaClientProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "ssl.truststore.location", "/etc/ts.p12",
                "max.poll.records", "500",
                "sasl.jaas.config", "x required;"));
    }

    @Test
    void toString_secrets_areMasked() {
        ServiceConfig config = ServiceConfig.parse("inv.yaml", """
                redis: {user: inv, password: hunter2}
                http.admin-token: tok-123
                kafka.client:
                  ssl.truststore.password: ts-secret
                  sasl.jaas.config: 'password="jaas-secret";'
                  security.protocol: SASL_SSL
                """, Map.of());

        assertThat(config.toString()).doesNotContain("hunter2", "tok-123", "ts-secret", "jaas-secret")
                .contains("redis.user = inv", "redis.password = ******", "http.admin-token = ******",
                        "kafka.client.ssl.truststore.password = ******", "kafka.client.security.protocol = SASL_SSL");
        assertThat(config.describe()).contains("redis.port = 6379", "kafka.topics.pattern = (unset)");
        assertThat(config.get(ServiceFields.REDIS_PASSWORD)).isEqualTo("hunter2");
    }

    @Test
    void parse_badSecret_isNotEchoed() {
        assertThat(problems("redis.password: \"  \"\n")).singleElement().hasToString(
                "inv.yaml:1:17: redis.password: must not be empty");
    }

    @Test
    void load_exampleFile_readsWithoutProblems() throws IOException {
        String example;
        try (InputStream in = ServiceConfigTest.class.getResourceAsStream("/invalidator.example.yaml")) {
            example = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ServiceConfig config = ServiceConfig.parse("invalidator.example.yaml", example, Map.of());

        for (Field<?> field : ServiceFields.ALL) {
            assertThat(config.find(field)).as(field.name()).isEqualTo(java.util.Optional.ofNullable(field.defaultValue()));
        }
        assertThat(config.kafkaClientProperties()).containsEntry("security.protocol", "PLAINTEXT");
    }

    @Test
    void load_missingFile_namesIt() {
        assertThatThrownBy(() -> ServiceConfig.load(Path.of("no-such-dir/inv.yaml"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no-such-dir/inv.yaml");
    }

    @Test
    void isSet_keysFromFileAndEnvironment_trueOnlyForThose() {
        ServiceConfig config = ServiceConfig.parse("inv.yaml", "redis:\n  host: cache\n",
                Map.of("INVALIDATOR_KAFKA_GROUP_ID", "g"));

        assertThat(config.isSet(ServiceFields.REDIS_HOST)).isTrue();
        assertThat(config.isSet(ServiceFields.KAFKA_GROUP_ID)).isTrue();
        assertThat(config.isSet(ServiceFields.REDIS_PORT)).isFalse();
        assertThat(config.isSet(ServiceFields.KAFKA_BOOTSTRAP_SERVERS)).isFalse();
    }

    @Test
    void with_validValue_replacesItAndCountsAsSet() {
        ServiceConfig config = ServiceConfig.defaults().with(ServiceFields.REDIS_PORT, 6390);

        assertThat(config.get(ServiceFields.REDIS_PORT)).isEqualTo(6390);
        assertThat(config.isSet(ServiceFields.REDIS_PORT)).isTrue();
        assertThat(ServiceConfig.defaults().get(ServiceFields.REDIS_PORT)).isEqualTo(6379);
    }

    @Test
    void with_invalidValue_throwsNamingTheKey() {
        assertThatThrownBy(() -> ServiceConfig.defaults().with(ServiceFields.REDIS_PORT, 70_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redis.port");
    }

    @Test
    void withCaptureSource_addsItAfterTheConfiguredOnes() {
        ServiceConfig config = ServiceConfig.parse("inv.yaml", """
                capture:
                  sources:
                    first:
                      connector: postgresql
                """, Map.of());

        ServiceConfig more = config.withCaptureSource(new dev.invalidator.service.capture.CaptureSourceSettings(
                "second", dev.invalidator.service.capture.CaptureConnector.POSTGRESQL, Map.of()));

        assertThat(more.captureSources()).extracting(s -> s.name()).containsExactly("first", "second");
        assertThatThrownBy(() -> more.withCaptureSource(more.captureSources().get(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("first");
    }
}
