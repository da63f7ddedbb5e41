package dev.invalidator.service.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.invalidator.client.publish.PublishedRequest;
import dev.invalidator.schemas.request.InvalidationRequest;
import dev.invalidator.service.http.InvalidationEndpoint;
import dev.invalidator.service.redis.Preview;
import dev.invalidator.service.redis.RedisApplier;
import dev.invalidator.service.redis.RedisUnavailableException;
import dev.invalidator.service.redis.RedisWork;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /invalidations}: a request is put on the requests topic (202 once Kafka acknowledged it; the pipeline
 * applies and broadcasts it in order with the change events); a dry run is answered at once with what the request
 * would remove now, removing nothing (200).
 */
public final class RequestEndpoint implements InvalidationEndpoint {

    /** Sample keys shown per pattern, tag and cascade in a dry run's answer. */
    public static final int SAMPLE_LIMIT = 20;

    private static final Logger LOG = LoggerFactory.getLogger(RequestEndpoint.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final RequestSubmitter submitter;
    private final RedisApplier applier;

    public RequestEndpoint(RequestSubmitter submitter, RedisApplier applier) {
        this.submitter = Objects.requireNonNull(submitter, "submitter");
        this.applier = Objects.requireNonNull(applier, "applier");
    }

    @Override
    public Reply submit(InvalidationRequest request) throws InterruptedException {
        List<String> forbidden = Stream.concat(request.keys().stream(), request.versions().stream())
                .filter(applier.layout()::isLayoutKey).toList();
        if (!forbidden.isEmpty()) {
            return error(400, "keys inside the invalidator's namespace " + applier.layout().namespace()
                    + " are not cache keys: " + forbidden);
        }
        return request.dryRun() ? preview(request) : accept(request);
    }

    private Reply accept(InvalidationRequest request) throws InterruptedException {
        try {
            PublishedRequest accepted = submitter.submit(request);
            ObjectNode body = JSON.objectNode()
                    .put("id", accepted.requestId())
                    .put("status", "accepted")
                    .put("topic", accepted.topic())
                    .put("partition", accepted.partition())
                    .put("offset", accepted.offset());
            return new Reply(202, body);
        } catch (RequestNotAcceptedException e) {
            LOG.warn("{}", e.getMessage());
            return error(503, e.getMessage() + "; sending it again is harmless");
        }
    }

    private Reply preview(InvalidationRequest request) {
        RedisWork work = new RedisWork(new LinkedHashSet<>(request.keys()), new LinkedHashSet<>(request.patterns()),
                new LinkedHashSet<>(request.tags()), new LinkedHashSet<>(request.versions()), request.cascade());
        Preview preview;
        try {
            preview = applier.preview(work, SAMPLE_LIMIT);
        } catch (RedisUnavailableException e) {
            return error(503, e.getMessage());
        }
        ObjectNode body = JSON.objectNode().put("id", request.id()).put("dryRun", true);
        body.putObject("keys").put("asked", request.keys().size()).put("existing", preview.keysExisting());
        body.set("patterns", matches("pattern", preview.patterns()));
        body.set("tags", matches("tag", preview.tags()));
        List<String> generationTags = request.tags().stream()
                .filter(applier.tagGenerations()::isGenerationBased).toList();
        if (!generationTags.isEmpty()) {
            // Their generations would be incremented: there are no members to count.
            generationTags.forEach(body.putArray("tagGenerations")::add);
        }
        if (!request.versions().isEmpty()) {
            // A version bump removes nothing to count: the answer says which counters an apply would increment.
            request.versions().forEach(body.putArray("versions")::add);
        }
        if (request.cascade()) {
            Preview.Cascade cascade = preview.cascade();
            ObjectNode node = body.putObject("cascade").put("dependents", cascade.count())
                    .put("depthLimitReached", cascade.depthLimitReached())
                    .put("fanOutLimitReached", cascade.fanOutLimitReached());
            cascade.sample().forEach(node.putArray("sample")::add);
        }
        body.put("stoppedEarly", preview.stoppedEarly());
        return new Reply(200, body);
    }

    private static JsonNode matches(String name, Map<String, Preview.Matches> byTarget) {
        var array = JSON.arrayNode();
        byTarget.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            ObjectNode node = array.addObject().put(name, entry.getKey()).put("count", entry.getValue().count())
                    .put("stoppedEarly", entry.getValue().stoppedEarly());
            entry.getValue().sample().forEach(node.putArray("sample")::add);
        });
        return array;
    }

    private static Reply error(int status, String message) {
        return new Reply(status, JSON.objectNode().put("error", message));
    }
}
