package dev.invalidator.service.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.invalidator.rules.file.Located;
import dev.invalidator.rules.file.RuleDefinition;
import dev.invalidator.schemas.change.Operation;
import dev.invalidator.service.capture.IdentityWarning;
import dev.invalidator.service.rules.RuleReloader;
import java.util.List;
import java.util.Locale;

/**
 * The body of {@code GET /rules}: the rules in force as written, when they were loaded, the last failed reload, and
 * the captured tables whose replica identity lacks before-image columns the rules read.
 */
final class RulesJson {

    private RulesJson() {
    }

    static ObjectNode of(RuleReloader reloader, List<IdentityWarning> identityWarnings) {
        // Status before rules: a reload between the two reads then shows newer rules with an older time, not the
        // other way round.
        RuleReloader.Status status = reloader.status();
        List<RuleDefinition> definitions = reloader.rules().current().definitions();
        ObjectNode json = Response.object();
        json.put("directory", reloader.directory().toString());
        json.put("loadedAt", status.loadedAt().toString());
        json.put("reloads", status.reloads());
        json.put("ruleCount", definitions.size());
        ArrayNode rules = json.putArray("rules");
        definitions.forEach(definition -> rules.add(rule(definition)));
        if (status.lastFailed().isPresent()) {
            RuleReloader.FailedReload failed = status.lastFailed().get();
            ObjectNode failure = json.putObject("lastReloadFailed");
            failure.put("at", failed.at().toString());
            failed.errors().forEach(failure.putArray("errors")::add);
        } else {
            json.putNull("lastReloadFailed");
        }
        ArrayNode warnings = json.putArray("replicaIdentityWarnings");
        identityWarnings.forEach(warning -> warnings.add(identityWarning(warning)));
        return json;
    }

    private static ObjectNode identityWarning(IdentityWarning warning) {
        ObjectNode json = Response.object();
        json.put("table", warning.table().qualifiedName());
        json.put("identity", warning.identity().sql());
        ObjectNode rules = json.putObject("rules");
        warning.rules().forEach((rule, columns) -> columns.forEach(rules.putArray(rule)::add));
        warning.columns().forEach(json.putArray("columns")::add);
        json.put("fix", warning.fix());
        return json;
    }

    private static ObjectNode rule(RuleDefinition definition) {
        ObjectNode json = Response.object();
        json.put("name", definition.name().value());
        json.put("file", definition.location().file());
        json.put("line", definition.location().line());
        json.put("table", definition.table().value());
        ArrayNode on = json.putArray("on");
        definition.on().stream().sorted().forEach(op -> on.add(name(op)));
        strings(json.putArray("columns"), definition.columns());
        if (definition.when() != null) {
            json.put("when", definition.when().value());
        } else {
            json.putNull("when");
        }
        ObjectNode invalidate = json.putObject("invalidate");
        strings(invalidate.putArray("keys"), definition.invalidate().keys());
        strings(invalidate.putArray("patterns"), definition.invalidate().patterns());
        strings(invalidate.putArray("tags"), definition.invalidate().tags());
        strings(invalidate.putArray("versions"), definition.invalidate().versions());
        invalidate.put("cascade", definition.invalidate().cascade());
        ArrayNode refreshes = invalidate.putArray("refresh");
        for (var refresh : definition.invalidate().refresh()) {
            ObjectNode entry = refreshes.addObject();
            entry.put("key", refresh.key().value());
            strings(entry.putArray("columns"), refresh.columns());
            entry.put("ttlMillis", refresh.ttl().toMillis());
        }
        json.put("allowFlushAll", definition.allowFlushAll());
        json.put("soft", definition.soft());
        return json;
    }

    private static String name(Operation op) {
        return op.name().toLowerCase(Locale.ROOT);
    }

    private static void strings(ArrayNode array, List<Located<String>> values) {
        values.forEach(value -> array.add(value.value()));
    }
}
