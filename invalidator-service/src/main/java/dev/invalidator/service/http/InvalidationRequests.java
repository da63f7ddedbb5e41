package dev.invalidator.service.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.invalidator.schemas.json.DecodeResult;
import dev.invalidator.schemas.json.Violation;
import dev.invalidator.schemas.request.InvalidationRequest;
import dev.invalidator.schemas.request.InvalidationRequestCodec;

/** {@code POST /invalidations}: a request validated against its schema, then handed to the service. */
final class InvalidationRequests {

    private final InvalidationRequestCodec codec = new InvalidationRequestCodec();
    private final InvalidationEndpoint endpoint;

    InvalidationRequests(InvalidationEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    Response submit(byte[] body) throws InterruptedException {
        DecodeResult<InvalidationRequest> decoded = codec.decode(body);
        if (decoded instanceof DecodeResult.Rejected<InvalidationRequest> rejected) {
            ObjectNode json = Response.errorBody("not a valid invalidation request: " + rejected.describe());
            ArrayNode violations = json.putArray("violations");
            for (Violation violation : rejected.violations()) {
                violations.addObject().put("field", violation.pointer()).put("message", violation.message());
            }
            return Response.json(400, json);
        }
        InvalidationEndpoint.Reply reply = endpoint.submit(decoded.decoded().orElseThrow());
        return Response.json(reply.status(), reply.body());
    }
}
