package dev.invalidator.rules.file;

import java.util.List;

/** One parsed rule file: its rules as written, not yet compiled. */
public record RuleFile(String file, int version, List<RuleDefinition> rules) {

    public RuleFile {
        rules = List.copyOf(rules);
    }
}
