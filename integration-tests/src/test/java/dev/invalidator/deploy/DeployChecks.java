package dev.invalidator.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.invalidator.rules.engine.ExampleChecker;
import dev.invalidator.rules.engine.RuleEngine;
import dev.invalidator.rules.engine.RuleSetLoader;
import dev.invalidator.rules.file.RuleProblem;
import dev.invalidator.service.config.ConfigException;
import dev.invalidator.service.config.ServiceConfig;
import dev.invalidator.service.config.ServiceFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks the deploy/ folder without Docker or Kubernetes: every file parses, the service configurations pass the
 * service's own validation, the rules load and their examples pass, and the files agree with each other (config path,
 * ports, probes, Kafka and Redis host names, change topics of the connector). Each problem names the file and field.
 */
final class DeployChecks {

    private static final String COMPOSE = "compose/docker-compose.yml";
    private static final String CONNECTOR = "compose/connect/register-postgres.json";
    private static final String INIT_SQL = "compose/postgres/init.sql";
    private static final Pattern COMPOSE_DEFAULT = Pattern.compile("\\$\\{[A-Za-z0-9_]+:?-([^}]*)}");

    private final Path deploy;
    private final Path scratch;
    private final List<String> problems = new ArrayList<>();
    private final Set<Path> rulesChecked = new HashSet<>();
    private final YAMLMapper yaml = new YAMLMapper();
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param deploy  the deploy/ folder
     * @param scratch an empty directory for the rules held in Kubernetes ConfigMaps
     */
    DeployChecks(Path deploy, Path scratch) {
        this.deploy = deploy.toAbsolutePath().normalize();
        this.scratch = scratch;
    }

    /** @return every problem found, each starting with the file it is in; empty when all agree */
    List<String> run() {
        checkEverythingParses();
        Dockerfile docker = Dockerfile.parse(read("Dockerfile"), problems);
        checkDockerfile(docker);
        JsonNode connector = readJson(CONNECTOR);
        checkConnector(connector);
        checkCompose(docker, connector);
        checkKubernetes(docker, connector);
        return List.copyOf(problems);
    }

    private void checkEverythingParses() {
        try (Stream<Path> files = Files.walk(deploy)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                    documents(relative(file));
                } else if (name.endsWith(".json")) {
                    readJson(relative(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void checkDockerfile(Dockerfile docker) {
        if (docker.from().size() < 2) {
            problems.add("deploy/Dockerfile: FROM: expected a build stage and a runtime stage; got " + docker.from());
        }
        if (docker.configPath() == null) {
            problems.add("deploy/Dockerfile: ENTRYPOINT: no '-c <config file>' in " + docker.entrypoint());
        }
        if (docker.user() == null || docker.user().equals("root") || docker.user().startsWith("0")) {
            problems.add("deploy/Dockerfile: USER: the service must run as a non-root user; got " + docker.user());
        }
        if (docker.healthcheck() == null || !docker.healthcheck().contains("/health/live")) {
            problems.add("deploy/Dockerfile: HEALTHCHECK: must probe /health/live; got " + docker.healthcheck());
        }
    }

    private void checkConnector(JsonNode connector) {
        JsonNode config = connector.path("config");
        expect(CONNECTOR, config, "plugin.name", "pgoutput");
        expect(CONNECTOR, config, "skipped.operations", "none");
        expect(CONNECTOR, config, "key.converter", "org.apache.kafka.connect.json.JsonConverter");
        expect(CONNECTOR, config, "value.converter", "org.apache.kafka.connect.json.JsonConverter");
        for (String field : List.of("topic.prefix", "table.include.list")) {
            if (config.path(field).asText().isBlank()) {
                problems.add("deploy/" + CONNECTOR + ": config." + field + ": must be set");
            }
        }
    }

    private void checkCompose(Dockerfile docker, JsonNode connector) {
        JsonNode services = documents(COMPOSE).stream().findFirst().map(root -> root.path("services"))
                .orElse(json.missingNode());
        if (!services.isObject()) {
            problems.add("deploy/" + COMPOSE + ": services: missing");
            return;
        }
        JsonNode postgres = services.path("postgres");
        if (!postgres.path("command").toString().contains("wal_level=logical")) {
            problems.add("deploy/" + COMPOSE + ": services.postgres.command: must set wal_level=logical; got "
                    + postgres.path("command"));
        }
        JsonNode config = connector.path("config");
        String dbHost = config.path("database.hostname").asText();
        if (!services.has(dbHost)) {
            problems.add("deploy/" + CONNECTOR + ": config.database.hostname: '" + dbHost
                    + "' is not a service of " + COMPOSE);
        } else if (!config.path("database.dbname").asText()
                .equals(services.path(dbHost).path("environment").path("POSTGRES_DB").asText())) {
            problems.add("deploy/" + CONNECTOR + ": config.database.dbname: '" + config.path("database.dbname")
                    .asText() + "' is not the POSTGRES_DB of services." + dbHost);
        }
        checkKafkaAddress(COMPOSE + ": services.connect.environment.BOOTSTRAP_SERVERS",
                services.path("connect").path("environment").path("BOOTSTRAP_SERVERS").asText(), services);

        int serviceContainers = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> service = it.next();
            Map<String, Path> mounts = composeMounts(service.getValue());
            if (!mounts.containsKey(docker.configPath())) {
                continue;
            }
            serviceContainers++;
            String where = COMPOSE + ": services." + service.getKey();
            Path configFile = mounts.get(docker.configPath());
            Map<String, String> env = composeEnvironment(service.getValue().path("environment"));
            Optional<ServiceConfig> parsed = serviceConfig(relative(configFile), read(relative(configFile)), env);
            if (parsed.isEmpty()) {
                continue;
            }
            ServiceConfig serviceConfig = parsed.get();
            String rulesDirectory = serviceConfig.get(ServiceFields.RULES_DIRECTORY).toString();
            Path rules = mounts.get(rulesDirectory);
            if (rules == null) {
                problems.add("deploy/" + where + ".volumes: nothing is mounted at " + rulesDirectory
                        + ", the rules.directory of " + relative(configFile));
            } else {
                checkRules(relative(rules), rules, serviceConfig, connector);
            }
            for (String server : serviceConfig.get(ServiceFields.KAFKA_BOOTSTRAP_SERVERS)) {
                checkKafkaAddress(relative(configFile) + ": kafka.bootstrap.servers", server, services);
            }
            String redisHost = serviceConfig.get(ServiceFields.REDIS_HOST);
            if (!services.has(redisHost)) {
                problems.add("deploy/" + relative(configFile) + ": redis.host: '" + redisHost
                        + "' is not a service of " + COMPOSE);
            }
            int port = serviceConfig.get(ServiceFields.HTTP_PORT);
            checkPortExposed(docker, relative(configFile), port);
            if (!service.getValue().path("ports").toString().contains(":" + port + "\"")) {
                problems.add("deploy/" + where + ".ports: does not publish http.port " + port + " of "
                        + relative(configFile));
            }
        }
        if (serviceContainers < 2) {
            problems.add("deploy/" + COMPOSE + ": expected the service in both profiles with its configuration at "
                    + docker.configPath() + " (the Dockerfile's ENTRYPOINT); found " + serviceContainers);
        }
    }

    private void checkKafkaAddress(String where, String address, JsonNode services) {
        String host = address.contains(":") ? address.substring(0, address.lastIndexOf(':')) : address;
        JsonNode kafka = services.path(host);
        if (kafka.isMissingNode()) {
            problems.add("deploy/" + where + ": '" + address + "' names no service of " + COMPOSE);
        } else if (!kafka.path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText().contains("//" + address)) {
            problems.add("deploy/" + where + ": '" + address + "' is not among the KAFKA_ADVERTISED_LISTENERS of "
                    + "services." + host);
        }
    }

    private void checkKubernetes(Dockerfile docker, JsonNode connector) {
        Map<String, JsonNode> byKind = new LinkedHashMap<>();
        Map<String, JsonNode> configMaps = new LinkedHashMap<>();
        Map<String, JsonNode> secrets = new LinkedHashMap<>();
        Map<String, String> fileOf = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(deploy.resolve("k8s"))) {
            for (Path file : files.sorted().toList()) {
                for (JsonNode document : documents(relative(file))) {
                    String kind = document.path("kind").asText();
                    String name = document.path("metadata").path("name").asText();
                    fileOf.put(kind + "/" + name, relative(file));
                    byKind.putIfAbsent(kind, document);
                    if (kind.equals("ConfigMap")) {
                        configMaps.put(name, document);
                    } else if (kind.equals("Secret")) {
                        secrets.put(name, document);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode deployment = byKind.get("Deployment");
        if (deployment == null) {
            problems.add("deploy/k8s: no Deployment");
            return;
        }
        String file = fileOf.get("Deployment/" + deployment.path("metadata").path("name").asText());
        JsonNode pod = deployment.path("spec").path("template");
        JsonNode container = pod.path("spec").path("containers").path(0);

        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode variable : container.path("env")) {
            JsonNode ref = variable.path("valueFrom").path("secretKeyRef");
            if (variable.has("value")) {
                env.put(variable.path("name").asText(), variable.path("value").asText());
            } else if (!ref.isMissingNode()) {
                String value = secrets.getOrDefault(ref.path("name").asText(), json.missingNode())
                        .path("stringData").path(ref.path("key").asText()).asText(null);
                if (value == null) {
                    problems.add("deploy/" + file + ": env " + variable.path("name").asText() + ": the Secret '"
                            + ref.path("name").asText() + "' with key '" + ref.path("key").asText()
                            + "' is not in deploy/k8s");
                } else {
                    env.put(variable.path("name").asText(), value);
                }
            }
        }

        Map<String, String> volumeConfigMaps = new LinkedHashMap<>();
        for (JsonNode volume : pod.path("spec").path("volumes")) {
            if (volume.has("configMap")) {
                volumeConfigMaps.put(volume.path("name").asText(), volume.path("configMap").path("name").asText());
            }
        }
        JsonNode configData = null;
        String configKey = null;
        JsonNode rulesData = null;
        String rulesMountPath = null;
        for (JsonNode mount : container.path("volumeMounts")) {
            String mapName = volumeConfigMaps.get(mount.path("name").asText());
            if (mapName == null) {
                continue;
            }
            JsonNode data = configMaps.getOrDefault(mapName, json.missingNode()).path("data");
            if (data.isMissingNode()) {
                problems.add("deploy/" + file + ": volume " + mount.path("name").asText() + ": ConfigMap '" + mapName
                        + "' is not in deploy/k8s");
            } else if (mount.path("mountPath").asText().equals(docker.configPath())) {
                configData = data;
                configKey = mount.path("subPath").asText(Path.of(docker.configPath()).getFileName().toString());
            } else {
                rulesData = data;
                rulesMountPath = mount.path("mountPath").asText();
            }
        }
        if (configData == null || !configData.has(configKey)) {
            problems.add("deploy/" + file + ": volumeMounts: no ConfigMap key is mounted at " + docker.configPath()
                    + " (the Dockerfile's ENTRYPOINT)");
            return;
        }
        String configName = "k8s ConfigMap key " + configKey;
        Optional<ServiceConfig> parsed = serviceConfig(configName, configData.path(configKey).asText(), env);
        if (parsed.isEmpty()) {
            return;
        }
        ServiceConfig config = parsed.get();
        String rulesDirectory = config.get(ServiceFields.RULES_DIRECTORY).toString();
        if (rulesData == null || !rulesDirectory.equals(rulesMountPath)) {
            problems.add("deploy/" + file + ": volumeMounts: no rules ConfigMap is mounted at " + rulesDirectory
                    + ", the rules.directory of the " + configName);
        } else {
            Path rules = scratch.resolve("k8s-rules");
            writeConfigMap(rulesData, rules);
            checkRules("k8s rules ConfigMap", rules, config, connector);
        }

        int port = config.get(ServiceFields.HTTP_PORT);
        checkPortExposed(docker, configName, port);
        Map<String, Integer> namedPorts = new LinkedHashMap<>();
        for (JsonNode containerPort : container.path("ports")) {
            namedPorts.put(containerPort.path("name").asText(), containerPort.path("containerPort").asInt());
        }
        checkProbe(file, container, "livenessProbe", "/health/live", port, namedPorts);
        checkProbe(file, container, "readinessProbe", "/health/ready", port, namedPorts);
        JsonNode annotations = pod.path("metadata").path("annotations");
        expect(file, annotations, "prometheus.io/scrape", "true");
        expect(file, annotations, "prometheus.io/path", "/metrics");
        expect(file, annotations, "prometheus.io/port", String.valueOf(port));
        if (!pod.path("spec").path("securityContext").path("runAsNonRoot").asBoolean(false)) {
            problems.add("deploy/" + file + ": spec.template.spec.securityContext.runAsNonRoot: must be true");
        }
        JsonNode service = byKind.get("Service");
        if (service == null) {
            problems.add("deploy/k8s: no Service");
        } else {
            JsonNode target = service.path("spec").path("ports").path(0).path("targetPort");
            int resolved = target.isInt() ? target.asInt() : namedPorts.getOrDefault(target.asText(), -1);
            if (resolved != port) {
                problems.add("deploy/" + fileOf.get("Service/" + service.path("metadata").path("name").asText())
                        + ": spec.ports[0].targetPort: '" + target.asText() + "' is not http.port " + port);
            }
        }
    }

    private void checkProbe(String file, JsonNode container, String probe, String path, int port,
                            Map<String, Integer> namedPorts) {
        JsonNode get = container.path(probe).path("httpGet");
        if (!get.path("path").asText().equals(path)) {
            problems.add("deploy/" + file + ": " + probe + ".httpGet.path: expected " + path + "; got '"
                    + get.path("path").asText() + "'");
        }
        JsonNode target = get.path("port");
        int resolved = target.isInt() ? target.asInt() : namedPorts.getOrDefault(target.asText(), -1);
        if (resolved != port) {
            problems.add("deploy/" + file + ": " + probe + ".httpGet.port: '" + target.asText()
                    + "' is not http.port " + port);
        }
    }

    private void checkPortExposed(Dockerfile docker, String configName, int port) {
        if (!docker.exposed().contains(String.valueOf(port))) {
            problems.add("deploy/Dockerfile: EXPOSE " + docker.exposed() + " leaves out http.port " + port
                    + " of " + configName);
        }
        if (docker.healthcheck() != null && !docker.healthcheck().contains(":" + port + "/")) {
            problems.add("deploy/Dockerfile: HEALTHCHECK does not probe http.port " + port + " of " + configName);
        }
    }

    /** rules check (load without errors, every example passes), then the topics against the connector. */
    private void checkRules(String name, Path directory, ServiceConfig config, JsonNode connector) {
        if (!rulesChecked.add(directory.toAbsolutePath().normalize())) {
            return;
        }
        RuleSetLoader.Loaded loaded = new RuleSetLoader().load(directory);
        // As `rules check`: warnings are allowed; those about before-images are answered by the schema below.
        for (RuleProblem problem : loaded.problems()) {
            if (problem.isError()) {
                problems.add("deploy/" + name + ": " + problem);
            }
        }
        boolean readsBeforeImages = loaded.problems().stream()
                .anyMatch(problem -> problem.toString().contains("REPLICA IDENTITY FULL"));
        if (loaded.engine().isEmpty()) {
            return;
        }
        RuleEngine engine = loaded.engine().get();
        for (RuleProblem failure : new ExampleChecker().check(engine)) {
            problems.add("deploy/" + name + ": " + failure);
        }
        JsonNode connectorConfig = connector.path("config");
        String prefix = connectorConfig.path("topic.prefix").asText();
        List<String> topics = new ArrayList<>();
        String schema = read(INIT_SQL);
        for (String table : connectorConfig.path("table.include.list").asText().split(",")) {
            topics.add(prefix + "." + table.trim());
            if (readsBeforeImages && !schema.contains("ALTER TABLE " + table.trim() + " REPLICA IDENTITY FULL;")) {
                problems.add("deploy/" + INIT_SQL + ": the rules of " + name + " read before-images, but "
                        + table.trim() + " is not made REPLICA IDENTITY FULL");
            }
        }
        Pattern consumed = config.find(ServiceFields.KAFKA_TOPICS_PATTERN).map(Pattern::compile)
                .orElseGet(engine::topicPattern);
        for (String topic : topics) {
            if (!consumed.matcher(topic).matches()) {
                problems.add("deploy/" + CONNECTOR + ": config.topic.prefix/table.include.list: the connector "
                        + "writes " + topic + ", which the service with the rules of " + name
                        + " does not read (its topics: " + consumed + ")");
            }
        }
        for (var rule : engine.definitions()) {
            Pattern ruleTopics = RuleEngine.compile(List.of(rule)).engine().orElseThrow().topicPattern();
            if (topics.stream().noneMatch(topic -> ruleTopics.matcher(topic).matches())) {
                problems.add("deploy/" + name + ": rule '" + rule.name().value() + "': table '"
                        + rule.table().value() + "' is not captured by " + CONNECTOR + " (it writes " + topics + ")");
            }
        }
    }

    private Optional<ServiceConfig> serviceConfig(String name, String text, Map<String, String> env) {
        try {
            return Optional.of(ServiceConfig.parse("deploy/" + name, text, env));
        } catch (ConfigException e) {
            problems.add("deploy/" + name + ": fails the service's configuration validation: " + e.getMessage());
            return Optional.empty();
        }
    }

    private Map<String, Path> composeMounts(JsonNode service) {
        Map<String, Path> mounts = new LinkedHashMap<>();
        Path composeDirectory = deploy.resolve(COMPOSE).getParent();
        for (JsonNode volume : service.path("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts.length >= 2 && parts[0].startsWith(".")) {
                mounts.put(parts[1], composeDirectory.resolve(parts[0]).normalize());
            }
        }
        return mounts;
    }

    /** The environment Compose gives the container, with ${VAR:-default} taken at its default. */
    private static Map<String, String> composeEnvironment(JsonNode environment) {
        Map<String, String> env = new LinkedHashMap<>();
        environment.fields().forEachRemaining(entry -> {
            Matcher matcher = COMPOSE_DEFAULT.matcher(entry.getValue().asText());
            env.put(entry.getKey(), matcher.replaceAll(result -> Matcher.quoteReplacement(result.group(1))));
        });
        return env;
    }

    private void writeConfigMap(JsonNode data, Path directory) {
        try {
            Files.createDirectories(directory);
            for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                Files.writeString(directory.resolve(entry.getKey()), entry.getValue().asText(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void expect(String file, JsonNode node, String field, String expected) {
        String actual = node.path(field).asText();
        if (!actual.equals(expected)) {
            problems.add("deploy/" + file + ": " + field + ": expected '" + expected + "'; got '" + actual + "'");
        }
    }

    private List<JsonNode> documents(String file) {
        try (JsonParser parser = yaml.getFactory().createParser(read(file))) {
            List<JsonNode> documents = new ArrayList<>(yaml.readValues(parser, JsonNode.class).readAll());
            documents.removeIf(document -> document == null || document.isNull() || document.isMissingNode());
            return documents;
        } catch (IOException e) {
            problems.add("deploy/" + file + ": does not parse as YAML: " + e.getMessage());
            return List.of();
        }
    }

    private JsonNode readJson(String file) {
        try {
            return json.readTree(read(file));
        } catch (IOException e) {
            problems.add("deploy/" + file + ": does not parse as JSON: " + e.getMessage());
            return json.missingNode();
        }
    }

    private String read(String file) {
        try {
            return Files.readString(deploy.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read deploy/" + file, e);
        }
    }

    private String relative(Path file) {
        return deploy.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }
}
