package dev.invalidator.service.rules;

import dev.invalidator.rules.engine.BeforeImages;
import dev.invalidator.rules.engine.LiveRules;
import dev.invalidator.rules.engine.RuleSetLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Rule files for the tests of this package and the HTTP endpoints. */
public final class TestRules {

    /** One valid rule named {@code name} on {@code table}, invalidating {@code key}. */
    public static String rule(String name, String table, String key) {
        return """
                version: 1
                rules:
                  - name: %s
                    table: %s
                    on: [update, delete]
                    invalidate:
                      keys: ["%s"]
                """.formatted(name, table, key);
    }

    /** A file with an unknown field at line 7, column 7. */
    public static final String UNKNOWN_FIELD = """
            version: 1
            rules:
              - name: broken
                table: shop.public.orders
                invalidate:
                  keys: ["order:{id}"]
                  patern: ["x"]
            """;

    /** A file with an unclosed placeholder in a key at line 6. */
    public static final String BAD_TEMPLATE = """
            version: 1
            rules:
              - name: bad-template
                table: shop.public.customers
                invalidate:
                  keys: ["customer:{id"]
            """;

    private TestRules() {
    }

    public static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    /** The rules under {@code directory}, which must load. */
    public static LiveRules load(Path directory) {
        RuleSetLoader.Loaded loaded = new RuleSetLoader().load(directory);
        return new LiveRules(loaded.engine().orElseThrow(() -> new AssertionError(loaded.problems().toString())),
                BeforeImages.learning());
    }
}
