package dev.invalidator.rules.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads every {@code .yaml} and {@code .yml} file under a directory (recursively, in path order) and checks what
 * spans files: rule names are unique across all of them.
 */
public final class RuleDirectoryLoader {

    private final RuleFileParser parser = new RuleFileParser();

    /** Every file read, and every problem of the whole load. */
    public record Result(List<RuleFile> files, List<RuleProblem> problems) {
        public Result {
            files = List.copyOf(files);
            problems = List.copyOf(problems);
        }

        public boolean hasErrors() {
            return problems.stream().anyMatch(RuleProblem::isError);
        }

        public List<RuleDefinition> rules() {
            return files.stream().flatMap(file -> file.rules().stream()).toList();
        }
    }

    /**
     * @param directory the rules directory; files are named in problems relative to its parent, e.g.
     *                  {@code rules/shop/products.yaml}, so messages read the same wherever the load ran
     */
    public Result load(Path directory) {
        List<RuleProblem> problems = new ArrayList<>();
        List<RuleFile> files = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            problems.add(RuleProblem.error(new SourceLocation(directory.toString(), 1, 1),
                    Files.exists(directory) ? "not a directory" : "no such directory"));
            return new Result(files, problems);
        }
        List<Path> paths;
        try {
            paths = ruleFiles(directory);
        } catch (IOException e) {
            problems.add(RuleProblem.error(new SourceLocation(directory.toString(), 1, 1), "cannot list: " + e.getMessage()));
            return new Result(files, problems);
        }
        if (paths.isEmpty()) {
            problems.add(RuleProblem.warning(new SourceLocation(directory.toString(), 1, 1),
                    "no .yaml or .yml rule files: nothing will be invalidated"));
        }
        Path base = directory.toAbsolutePath().normalize().getParent();
        for (Path path : paths) {
            String name = base == null ? path.toString() : base.relativize(path.toAbsolutePath().normalize()).toString();
            String content;
            try {
                content = readUtf8(path);
            } catch (IOException e) {
                problems.add(RuleProblem.error(new SourceLocation(name, 1, 1), "cannot read: " + describe(e)));
                continue;
            }
            RuleFileParser.Result parsed = parser.parse(name, content);
            problems.addAll(parsed.problems());
            if (parsed.ruleFile() != null) {
                files.add(parsed.ruleFile());
            }
        }
        problems.addAll(duplicateNames(files));
        return new Result(files, problems);
    }

    private static List<Path> ruleFiles(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile)
                    .filter(path -> !hidden(directory.relativize(path)))
                    .filter(path -> {
                        String file = path.getFileName().toString().toLowerCase(Locale.ROOT);
                        return file.endsWith(".yaml") || file.endsWith(".yml");
                    })
                    .sorted()
                    .toList();
        }
    }

    /**
     * Whether the file or a directory on its way is hidden. Besides editor and VCS files, this leaves out the
     * timestamped copies a Kubernetes ConfigMap volume keeps in {@code ..2026_01_01_00_00_00.0/} beside the symlinks
     * it shows: read twice, every rule would clash with itself.
     */
    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String readUtf8(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        // Decode strictly: a mis-encoded file should fail loudly, not load with replacement characters.
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    }

    private static String describe(IOException e) {
        return e instanceof CharacterCodingException ? "not UTF-8 text" : e.toString();
    }

    private static List<RuleProblem> duplicateNames(List<RuleFile> files) {
        List<RuleProblem> problems = new ArrayList<>();
        Map<String, SourceLocation> firstSeen = new HashMap<>();
        for (RuleFile file : files) {
            for (RuleDefinition rule : file.rules()) {
                SourceLocation earlier = firstSeen.putIfAbsent(rule.name().value(), rule.name().location());
                if (earlier != null) {
                    problems.add(RuleProblem.error(rule.name().location(),
                            "duplicate rule name '" + rule.name().value() + "' (first defined at " + earlier + ")"));
                }
            }
        }
        return problems;
    }
}
