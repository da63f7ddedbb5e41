package dev.invalidator.rules.engine;

import dev.invalidator.rules.template.SkipReason;
import java.util.Objects;

/**
 * A target a rule would have produced but could not, and why: {@code product:sku:{before.sku}} skipped because
 * {@code before.sku} is NULL, unavailable, or filler in a partial before-image.
 *
 * @param rule        the rule
 * @param type        key, pattern or tag
 * @param template    the template as written
 * @param reason      the reason, for counting
 * @param explanation the reason for people: {@code before.sku: the value is NULL}
 */
public record SkippedTarget(String rule, TargetType type, String template, SkipReason reason, String explanation) {

    public SkippedTarget {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(explanation, "explanation");
    }
}
