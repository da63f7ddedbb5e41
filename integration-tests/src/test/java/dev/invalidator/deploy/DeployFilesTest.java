package dev.invalidator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy/ checked offline (no Docker engine or cluster here): see {@link DeployChecks}. The broken copies show that
 * each kind of disagreement is caught and named by file and field.
 */
class DeployFilesTest {

    private static final Path DEPLOY = Path.of("").toAbsolutePath().getParent().resolve("deploy");

    @TempDir
    Path temp;

    @Test
    void run_deployFolder_hasNoProblems() {
        assertThat(DEPLOY.resolve("Dockerfile")).as("the deploy folder beside this module").exists();

        List<String> problems = new DeployChecks(DEPLOY, temp).run();

        assertThat(problems).as("problems in deploy/").isEmpty();
    }

    static Stream<Arguments> breakages() {
        return Stream.of(
                Arguments.of("compose/docker-compose.yml", "services:", "services: [",
                        List.of("compose/docker-compose.yml", "does not parse as YAML")),
                Arguments.of("compose/connect/register-postgres.json", "\"name\"", "name",
                        List.of("register-postgres.json", "does not parse as JSON")),
                Arguments.of("compose/invalidator.yaml", "group.id: invalidator", "group.idd: invalidator",
                        List.of("compose/invalidator.yaml", "kafka.group.idd", "unknown key")),
                Arguments.of("compose/invalidator.yaml", "port: 8080", "port: 80800",
                        List.of("compose/invalidator.yaml", "http.port")),
                Arguments.of("compose/invalidator.yaml", "- kafka:9092", "- broker:9092",
                        List.of("compose/invalidator.yaml", "kafka.bootstrap.servers", "broker:9092")),
                Arguments.of("compose/invalidator.yaml", "host: redis", "host: cache",
                        List.of("compose/invalidator.yaml", "redis.host", "cache")),
                Arguments.of("compose/invalidator.yaml", "group.id: invalidator",
                        "group.id: invalidator\n  topics.pattern: \"shop\\\\.public\\\\.products\"",
                        List.of("register-postgres.json", "shop.public.categories", "does not read")),
                Arguments.of("compose/invalidator-embedded.yaml", "directory: /etc/invalidator/rules",
                        "directory: /rules", List.of("compose/docker-compose.yml", "invalidator-embedded", "/rules")),
                Arguments.of("compose/docker-compose.yml", "\"8080:8080\"", "\"8081:8081\"",
                        List.of("compose/docker-compose.yml", "ports", "8080")),
                Arguments.of("compose/docker-compose.yml", "wal_level=logical", "wal_level=replica",
                        List.of("compose/docker-compose.yml", "services.postgres.command", "wal_level=logical")),
                Arguments.of("compose/connect/register-postgres.json", "\"topic.prefix\": \"shop\"",
                        "\"topic.prefix\": \"store\"",
                        List.of("register-postgres.json", "store.public.products", "does not read")),
                Arguments.of("compose/connect/register-postgres.json", "public.categories,public.products",
                        "public.products", List.of("compose/rules", "category-changed", "not captured")),
                Arguments.of("compose/connect/register-postgres.json", "\"skipped.operations\": \"none\"",
                        "\"skipped.operations\": \"t\"", List.of("register-postgres.json", "skipped.operations")),
                Arguments.of("compose/rules/products.yaml", "expect: { patterns: [\"product:*\"] }",
                        "expect: { patterns: [\"products:*\"] }",
                        List.of("rules/products.yaml", "products-truncated", "fails")),
                Arguments.of("compose/postgres/init.sql", "ALTER TABLE public.products REPLICA IDENTITY FULL;", "",
                        List.of("compose/postgres/init.sql", "public.products", "REPLICA IDENTITY FULL")),
                Arguments.of("Dockerfile", "\"-c\", \"/etc/invalidator/invalidator.yaml\"",
                        "\"-c\", \"/config/invalidator.yaml\"",
                        List.of("deploy/k8s/deployment.yaml", "volumeMounts", "/config/invalidator.yaml")),
                Arguments.of("Dockerfile", "USER 10001", "USER root", List.of("deploy/Dockerfile", "USER")),
                Arguments.of("Dockerfile", "EXPOSE 8080", "EXPOSE 9090", List.of("deploy/Dockerfile", "EXPOSE")),
                Arguments.of("k8s/deployment.yaml", "path: /health/ready", "path: /health/live",
                        List.of("k8s/deployment.yaml", "readinessProbe.httpGet.path")),
                Arguments.of("k8s/deployment.yaml", "prometheus.io/port: \"8080\"", "prometheus.io/port: \"9090\"",
                        List.of("k8s/deployment.yaml", "prometheus.io/port")),
                Arguments.of("k8s/deployment.yaml", "key: admin-token", "key: token",
                        List.of("k8s/deployment.yaml", "INVALIDATOR_HTTP_ADMIN_TOKEN", "token")),
                Arguments.of("k8s/configmap.yaml", "    redis:\n      host: redis", "    redis:\n      hots: redis",
                        List.of("k8s ConfigMap key invalidator.yaml", "redis.hots")),
                Arguments.of("k8s/configmap.yaml", "table: shop.public.categories", "table: shop.public.category",
                        List.of("k8s rules ConfigMap", "shop.public.category", "not captured")));
    }

    @ParameterizedTest
    @MethodSource("breakages")
    void run_brokenCopy_namesFileAndField(String file, String from, String to, List<String> expected)
            throws IOException {
        Path copy = temp.resolve("deploy");
        copyTree(DEPLOY, copy);
        Path broken = copy.resolve(file);
        String text = Files.readString(broken, StandardCharsets.UTF_8);
        assertThat(text).as("the text to break in " + file).contains(from);
        Files.writeString(broken, text.replace(from, to), StandardCharsets.UTF_8);

        List<String> problems = new DeployChecks(copy, Files.createDirectory(temp.resolve("scratch"))).run();

        assertThat(problems).as("problems after replacing '%s' with '%s' in %s", from, to, file)
                .anySatisfy(problem -> assertThat(problem).contains(expected));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
