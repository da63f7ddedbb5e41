package dev.invalidator.rules.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleDirectoryLoaderTest {

    @TempDir
    Path temp;

    private final RuleDirectoryLoader loader = new RuleDirectoryLoader();

    private Path write(String relative, String content) throws IOException {
        Path file = temp.resolve("rules").resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    private static String rule(String name, String table) {
        return """
                version: 1
                rules:
                  - name: %s
                    table: %s
                    invalidate: { keys: ["k:{id}"] }
                """.formatted(name, table);
    }

    @Test
    void load_nestedDirectories_readsYamlAndYmlInPathOrder() throws IOException {
        write("b/orders.yml", rule("orders", "public.orders"));
        write("a/products.yaml", rule("products", "public.products"));
        write("notes.txt", "not a rule file");
        write(".hidden.yaml", "broken: [");

        RuleDirectoryLoader.Result result = loader.load(temp.resolve("rules"));

        assertThat(result.problems()).isEmpty();
        assertThat(result.rules()).extracting(r -> r.name().value()).containsExactly("products", "orders");
        assertThat(result.files()).extracting(RuleFile::file)
                .containsExactly(Path.of("rules", "a", "products.yaml").toString(), Path.of("rules", "b", "orders.yml").toString());
    }

    @Test
    void load_kubernetesConfigMapVolume_readsEachFileOnceThroughItsSymlink() throws IOException {
        // A ConfigMap volume: real files in a timestamped hidden directory, `..data` pointing at it, and one
        // symlink per key at the top.
        Path real = write("..2026_11_25_08_00_00.000000001/products.yaml", rule("products", "public.products"));
        Path rules = temp.resolve("rules");
        Files.createSymbolicLink(rules.resolve("..data"), real.getParent().getFileName());
        Files.createSymbolicLink(rules.resolve("products.yaml"), Path.of("..data", "products.yaml"));

        RuleDirectoryLoader.Result result = loader.load(rules);

        assertThat(result.problems()).isEmpty();
        assertThat(result.rules()).extracting(r -> r.name().value()).containsExactly("products");
        assertThat(result.files()).extracting(RuleFile::file)
                .containsExactly(Path.of("rules", "products.yaml").toString());
    }

    @Test
    void load_duplicateNameAcrossFiles_pointsAtBoth() throws IOException {
        write("a.yaml", rule("same", "public.products"));
        write("b.yaml", rule("same", "public.orders"));

        RuleDirectoryLoader.Result result = loader.load(temp.resolve("rules"));

        assertThat(result.hasErrors()).isTrue();
        assertThat(result.problems()).extracting(RuleProblem::toString).containsExactly(
                "rules/b.yaml:3:11: duplicate rule name 'same' (first defined at rules/a.yaml:3:11)");
    }

    @Test
    void load_errorsInSeveralFiles_reportsAll() throws IOException {
        write("a.yaml", "version: 1\nrules: [\n");
        write("b.yaml", "version: 1\nrules:\n  - name: x\n    table: public.t\n    invalidate: {}\n");

        RuleDirectoryLoader.Result result = loader.load(temp.resolve("rules"));

        assertThat(result.problems()).extracting(p -> p.location().file()).containsExactly("rules/a.yaml", "rules/b.yaml");
    }

    @Test
    void load_fileThatIsNotUtf8_isErrorNamingTheFile() throws IOException {
        Path file = write("latin1.yaml", "");
        Files.write(file, new byte[] {'v', ':', ' ', (byte) 0xE9, '\n'});

        RuleDirectoryLoader.Result result = loader.load(temp.resolve("rules"));

        assertThat(result.problems()).extracting(RuleProblem::toString).containsExactly("rules/latin1.yaml:1:1: cannot read: not UTF-8 text");
    }

    @Test
    void load_missingDirectory_isError() {
        RuleDirectoryLoader.Result result = loader.load(temp.resolve("nope"));

        assertThat(result.hasErrors()).isTrue();
        assertThat(result.problems().get(0).message()).isEqualTo("no such directory");
    }

    @Test
    void load_emptyDirectory_warnsThatNothingWillBeInvalidated() throws IOException {
        Files.createDirectories(temp.resolve("rules"));

        RuleDirectoryLoader.Result result = loader.load(temp.resolve("rules"));

        assertThat(result.hasErrors()).isFalse();
        assertThat(result.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("nothing will be invalidated"));
    }
}
