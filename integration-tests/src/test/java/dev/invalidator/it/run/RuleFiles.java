package dev.invalidator.it.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The rule file a test gives the service, in {@code <work>/rules}. */
final class RuleFiles {

    private RuleFiles() {
    }

    /** One rule: every change of a customer removes {@code <prefix>customer:<id>}. */
    static String customerKeys(TestNames names) {
        return """
                version: 1
                rules:
                  - name: customer
                    table: pg.inv.customers
                    invalidate:
                      keys: ["%scustomer:{id}"]
                """.formatted(names.prefix());
    }

    /** Writes {@code yaml} as {@code <work>/rules/customers.yaml}; returns the rules directory. */
    static Path write(Path work, String yaml) throws IOException {
        Path rules = Files.createDirectories(work.resolve("rules"));
        Files.writeString(rules.resolve("customers.yaml"), yaml);
        return rules;
    }
}
