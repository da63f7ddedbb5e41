package dev.invalidator.service.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.invalidator.rules.file.RuleProblem;
import dev.invalidator.service.capture.IdentityWarning;
import dev.invalidator.service.rules.EventJson;
import dev.invalidator.service.rules.EventPlanner;
import dev.invalidator.service.rules.PlanView;
import dev.invalidator.service.rules.RuleReloader;
import java.util.List;
import java.util.function.Supplier;

/** {@code GET /rules}, {@code POST /rules/test} and {@code POST /rules/reload}. */
final class RulesEndpoints {

    private final RuleReloader reloader;
    private final ObjectMapper mapper = new ObjectMapper();
    private final EventJson events = new EventJson(mapper);
    private final Supplier<List<IdentityWarning>> identityWarnings;
    private final EventPlanner planner;

    RulesEndpoints(RuleReloader reloader, Supplier<List<IdentityWarning>> identityWarnings) {
        this.reloader = reloader;
        this.identityWarnings = identityWarnings;
        this.planner = EventPlanner.readOnly(reloader.rules());
    }

    Response list(byte[] body) {
        return Response.json(200, RulesJson.of(reloader, identityWarnings.get()));
    }

    /** The plan of one event, as {@code invalidator rules test --json} prints it; 400 when it is no event. */
    Response test(byte[] body) {
        PlanView view = planner.plan(events.read("request body", body));
        if (view.inputRejected()) {
            return Response.error(400, "not a change event: " + view.error());
        }
        return Response.json(200, view.toJsonNode(mapper));
    }

    /** 200 with the counts when the new rules are in force; 422 with every error when they are refused. */
    Response reload(byte[] body) {
        RuleReloader.Outcome outcome = reloader.reload("HTTP request");
        if (outcome.applied()) {
            ObjectNode json = Response.object();
            json.put("rules", outcome.ruleCount());
            json.put("files", outcome.fileCount());
            ArrayNode warnings = json.putArray("warnings");
            outcome.warnings().forEach(warning -> warnings.add(warning.toString()));
            return Response.json(200, json);
        }
        ObjectNode json = Response.errorBody("the rule files have " + outcome.errors().size() + " errors; the "
                + outcome.ruleCount() + " rules in force stay");
        outcome.errors().stream().map(RuleProblem::toString).forEach(json.putArray("problems")::add);
        return Response.json(422, json);
    }
}
