package dev.invalidator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the deployment files rely on in deploy/Dockerfile: the config path of the entrypoint, the exposed ports, the
 * health check and the user. Read line by line (continuations joined); only the instructions named here matter.
 *
 * @param configPath the file after {@code -c} in the exec-form ENTRYPOINT, or null
 */
record Dockerfile(List<String> from, List<String> entrypoint, String configPath, List<String> exposed,
                  String healthcheck, String user) {

    static Dockerfile parse(String text, List<String> problems) {
        List<String> from = new ArrayList<>();
        List<String> entrypoint = List.of();
        List<String> exposed = new ArrayList<>();
        String healthcheck = null;
        String user = null;
        for (String line : instructions(text)) {
            String[] parts = line.split("\\s+", 2);
            String instruction = parts[0].toUpperCase(Locale.ROOT);
            String argument = parts.length > 1 ? parts[1].trim() : "";
            switch (instruction) {
                case "FROM" -> from.add(argument);
                case "EXPOSE" -> exposed.addAll(List.of(argument.split("\\s+")));
                case "HEALTHCHECK" -> healthcheck = argument;
                case "USER" -> user = argument;
                case "ENTRYPOINT" -> entrypoint = execForm(argument, problems);
                default -> {
                    // other instructions say nothing the manifests depend on
                }
            }
        }
        int option = entrypoint.indexOf("-c");
        String configPath = option >= 0 && option + 1 < entrypoint.size() ? entrypoint.get(option + 1) : null;
        return new Dockerfile(from, entrypoint, configPath, exposed, healthcheck, user);
    }

    private static List<String> instructions(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (current.length() == 0 && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
            } else {
                lines.add(current.append(line).toString());
                current.setLength(0);
            }
        }
        return lines;
    }

    private static List<String> execForm(String argument, List<String> problems) {
        JsonNode array;
        try {
            array = new ObjectMapper().readTree(argument);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            array = null;
        }
        if (array == null || !array.isArray()) {
            problems.add("deploy/Dockerfile: ENTRYPOINT must be in exec form (a JSON array), so that the JVM gets "
                    + "SIGTERM; got " + argument);
            return List.of();
        }
        List<String> words = new ArrayList<>();
        array.forEach(word -> words.add(word.asText()));
        return words;
    }
}
