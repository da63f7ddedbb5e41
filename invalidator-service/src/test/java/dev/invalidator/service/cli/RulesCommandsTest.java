package dev.invalidator.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RulesCommandsTest {

    private static final String RULES = """
            version: 1
            rules:
              - name: product-changed
                table: shop.public.products
                on: [update, delete]
                invalidate:
                  keys: ["product:{id}", "product:sku:{after.sku}"]
                  tags: ["category:{before.category_id}", "category:{after.category_id}"]
                examples:
                  - event: { op: u, before: { id: 7, category_id: 3 }, after: { id: 7, sku: A, category_id: 4 } }
                    expect: { keys: ["product:7", "product:sku:A"], tags: ["category:3", "category:4"] }
            """;

    private static final String SOURCE = "\"source\":{\"connector\":\"postgresql\",\"name\":\"shop\",\"db\":\"shop\","
            + "\"schema\":\"public\",\"table\":\"products\",\"lsn\":100,\"txId\":7}";

    @TempDir
    Path temp;

    private Path rules;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void writeRules() throws IOException {
        rules = write("rules/shop.yaml", RULES);
    }

    private Path write(String relative, String content) throws IOException {
        Path file = temp.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return relative.startsWith("rules/") ? temp.resolve("rules") : file;
    }

    private int run(String... args) {
        CommandLine command = new CommandLine(new InvalidatorCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        return command.execute(args);
    }

    @Test
    void check_validRulesWithPassingExamples_exitsZero() {
        int exit = run("rules", "check", rules.toString());

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("1 rules in 1 files; 1 of 1 examples pass");
    }

    @Test
    void test_versionRule_printsTheVersionedKeysAndChecksTheirExamples() throws IOException {
        write("rules/users.yaml", """
                version: 1
                rules:
                  - name: user-changed
                    table: shop.public.users
                    invalidate:
                      versions: ["user:{id}"]
                    examples:
                      - event: { op: u, after: { id: 7 } }
                        expect: { versions: ["user:7"] }
                """);
        Path event = write("user.json", "{\"topic\":\"shop.public.users\",\"key\":{\"id\":7},\"value\":"
                + "{\"before\":null,\"after\":{\"id\":7},\"op\":\"u\"," + SOURCE.replace("products", "users")
                + "}}");

        int check = run("rules", "check", rules.toString());
        int test = run("rules", "test", rules.toString(), "--event", event.toString());

        assertThat(check).as(out.toString()).isZero();
        assertThat(out.toString()).contains("2 of 2 examples pass");
        assertThat(test).as(err.toString()).isZero();
        assertThat(out.toString()).contains("  versions: user:7");
    }

    @Test
    void test_refreshRule_printsTheValueWrittenAndWarnsInCheck() throws IOException {
        write("rules/cards.yaml", """
                version: 1
                rules:
                  - name: product-card
                    table: shop.public.products
                    invalidate:
                      refresh: [{ key: "card:{id}", columns: [id, price], ttl: 10m }]
                    examples:
                      - event: { op: u, after: { id: 7, price: 12 } }
                        expect: { refresh: ["card:7"] }
                """);
        Path event = write("card.json", "{\"topic\":\"shop.public.products\",\"key\":{\"id\":7},\"value\":"
                + "{\"before\":null,\"after\":{\"id\":7,\"sku\":\"A\",\"price\":12},\"op\":\"u\"," + SOURCE + "}}");

        int check = run("rules", "check", rules.toString());
        int test = run("rules", "test", rules.toString(), "--event", event.toString());

        assertThat(check).as(out.toString()).isZero();
        assertThat(out.toString()).contains("2 of 2 examples pass")
                .contains("rules/cards.yaml:6:17: warning: refresh needs a source position");
        assertThat(test).as(err.toString()).isZero();
        assertThat(out.toString()).contains("  refresh:  card:7 = {\"id\":7,\"price\":12}");
    }

    @Test
    void check_brokenRules_printsEveryProblemAtFileLineColumnAndExitsOne() throws IOException {
        write("rules/broken.yaml", """
                version: 1
                rules:
                  - name: broken
                    table: shop.public.orders
                    invalidate:
                      keys: ["order:{id"]
                      patern: ["x"]
                """);

        int exit = run("rules", "check", rules.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString())
                .contains("rules/broken.yaml:7:7: unknown field 'patern' (did you mean 'patterns'?)")
                .contains("error");
    }

    @Test
    void check_failingExample_exitsOneAndNamesTheExample() throws IOException {
        write("rules/shop.yaml", RULES.replace("\"product:sku:A\"]", "\"product:sku:B\"]"));

        int exit = run("rules", "check", rules.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("rules/shop.yaml:11:17: example of rule 'product-changed' fails: keys expected "
                + "[product:7, product:sku:B] but got [product:7, product:sku:A]")
                .contains("0 of 1 examples pass");
    }

    @Test
    void test_json_printsOneSortedLinePerEventInOrderAndErrorsForBadOnes() throws IOException {
        Path events = write("events.jsonl", String.join("\n",
                "{\"topic\":\"shop.public.products\",\"partition\":0,\"offset\":5,\"key\":{\"id\":7},\"value\":"
                        + "{\"before\":null,\"after\":{\"id\":7,\"sku\":\"Z\",\"category_id\":null},\"op\":\"u\"," + SOURCE + "}}",
                "{\"topic\":\"shop.public.products\",\"key\":{\"id\":7},\"value\":null}",
                "{\"op\":\"x\"}",
                "{\"topic\":\"shop.public.products\",\"key\":{\"id\":7},\"value\":"
                        + "{\"before\":{\"id\":7},\"after\":null,\"op\":\"d\"," + SOURCE + "}}"));

        int exit = run("rules", "test", rules.toString(), "--event", events.toString(), "--json");

        assertThat(out.toString().lines()).containsExactly(
                "{\"topic\":\"shop.public.products\",\"op\":\"update\",\"rules\":[\"product-changed\"],"
                        + "\"keys\":[\"product:7\",\"product:sku:Z\"],\"patterns\":[],\"tags\":[],\"versions\":[],\"refresh\":[],\"soft\":[],\"cascade\":false,"
                        + "\"skipped\":[{\"target\":\"category:{before.category_id}\",\"reason\":\"before.category_id: the event has no such image\"},"
                        + "{\"target\":\"category:{after.category_id}\",\"reason\":\"after.category_id: the value is NULL\"}],\"error\":null}",
                "{\"topic\":\"shop.public.products\",\"op\":null,\"rules\":[],\"keys\":[],\"patterns\":[],\"tags\":[],\"versions\":[],\"refresh\":[],\"soft\":[],"
                        + "\"cascade\":false,\"skipped\":[],\"error\":null}",
                "{\"topic\":null,\"op\":null,\"rules\":[],\"keys\":[],\"patterns\":[],\"tags\":[],\"versions\":[],\"refresh\":[],\"soft\":[],\"cascade\":false,"
                        + "\"skipped\":[],\"error\":\"unknown op 'x' (expected one of c, u, d, r, t) (at /op)\"}",
                "{\"topic\":\"shop.public.products\",\"op\":\"delete\",\"rules\":[\"product-changed\"],\"keys\":[\"product:7\"],"
                        + "\"patterns\":[],\"tags\":[],\"versions\":[],\"refresh\":[],\"soft\":[],\"cascade\":false,\"skipped\":["
                        + "{\"target\":\"product:sku:{after.sku}\",\"reason\":\"after.sku: the event has no such image\"},"
                        + "{\"target\":\"category:{before.category_id}\",\"reason\":\"before.category_id: the image has no such column\"},"
                        + "{\"target\":\"category:{after.category_id}\",\"reason\":\"after.category_id: the event has no such image\"}],\"error\":null}");
        assertThat(exit).isEqualTo(1);
    }

    @Test
    void test_singlePrettyPrintedEvent_printsThePlanForPeople() throws IOException {
        Path event = write("event.json", """
                {
                  "before": null,
                  "after": {"id": 7, "sku": "A", "category_id": 3},
                  "op": "u",
                  %s
                }
                """.formatted(SOURCE));

        int exit = run("rules", "test", rules.toString(), "--event", event.toString());

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("event.json:1  shop.public.products update")
                .contains("  rules:    product-changed")
                .contains("  keys:     product:7 product:sku:A")
                .contains("  tags:     category:3")
                .contains("  skipped:  category:{before.category_id}  (before.category_id: the event has no such image; rule product-changed)");
    }

    @Test
    void diff_changedRule_printsOnlyTheEventsWhosePlanDiffers() throws IOException {
        Path newRules = write("new/shop.yaml", RULES.replace("\"product:{id}\"", "\"item:{id}\"")).getParent();
        Path events = write("events.jsonl", String.join("\n",
                "{\"before\":null,\"after\":{\"id\":7,\"sku\":\"A\",\"category_id\":3},\"op\":\"u\"," + SOURCE + "}",
                "{\"before\":null,\"after\":{\"id\":8},\"op\":\"c\"," + SOURCE + "}"));

        int exit = run("rules", "diff", rules.toString(), newRules.toString(), "--events", events.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).isEqualTo(String.join(System.lineSeparator(),
                events + ":1  shop.public.products update",
                "  - key product:7",
                "  + key item:7",
                "1 of 2 events plan differently", ""));
    }

    @Test
    void test_softRule_printsWhichTargetsAreSoft() throws IOException {
        Path softRules = write("soft/shop.yaml", RULES.replace("    on: [update, delete]\n",
                "    on: [update, delete]\n    soft: true\n")).getParent();
        Path event = write("event.json", "{\"before\":null,\"after\":{\"id\":7,\"sku\":\"A\",\"category_id\":3},"
                + "\"op\":\"u\"," + SOURCE + "}");

        int exit = run("rules", "test", softRules.toString(), "--event", event.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains(
                "  soft:     key product:7, key product:sku:A, tag category:3  (near-caches refresh, not drop)");
    }

    @Test
    void diff_ruleMadeSoft_printsTheTargetsThatBecameSoft() throws IOException {
        Path softRules = write("soft/shop.yaml", RULES.replace("    on: [update, delete]\n",
                "    on: [update, delete]\n    soft: true\n")).getParent();
        Path events = write("events.jsonl",
                "{\"before\":null,\"after\":{\"id\":8},\"op\":\"u\"," + SOURCE + "}");

        int exit = run("rules", "diff", rules.toString(), softRules.toString(), "--events", events.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("  + soft key product:8");
    }

    @Test
    void diff_sameRules_exitsZero() throws IOException {
        Path events = write("events.jsonl", "{\"before\":null,\"after\":{\"id\":8},\"op\":\"c\"," + SOURCE + "}");

        assertThat(run("rules", "diff", rules.toString(), rules.toString(), "--events", events.toString())).isZero();
        assertThat(out.toString()).contains("0 of 1 events plan differently");
    }

    @Test
    void test_rulesThatDoNotLoad_exitTwoWithTheProblems() throws IOException {
        write("rules/bad.yaml", "version: 1\nrules: [");
        Path event = write("event.json", "{}");

        int exit = run("rules", "test", rules.toString(), "--event", event.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("rules/bad.yaml:").contains("the rules do not load");
    }
}
