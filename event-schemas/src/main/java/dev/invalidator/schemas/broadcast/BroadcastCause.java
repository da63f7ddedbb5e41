package dev.invalidator.schemas.broadcast;

import java.util.List;

import dev.invalidator.schemas.change.Operation;
import dev.invalidator.schemas.json.FieldChecks;
import dev.invalidator.schemas.json.InvalidFieldException;
import dev.invalidator.schemas.request.InvalidationRequest;

/** Why a broadcast was sent; the {@code cause} object of the broadcast schema, told apart by its {@code type}. */
public sealed interface BroadcastCause {

    /** The value of the cause's {@code type} field. */
    String type();

    /**
     * A captured row change matched the rules.
     *
     * @param table          the table as rules name it, e.g. {@code shop.public.products}
     * @param op             what happened to the row
     * @param sourcePosition where the change sits in the database's log, as text for people
     */
    record Change(String table, Operation op, String sourcePosition) implements BroadcastCause {

        public static final int MAX_TEXT_LENGTH = 512;

        public Change {
            FieldChecks.text(table, "/cause/table", 1, MAX_TEXT_LENGTH);
            if (op == null) {
                throw new InvalidFieldException("/cause/op", "is required");
            }
            FieldChecks.text(sourcePosition, "/cause/sourcePosition", 1, MAX_TEXT_LENGTH);
        }

        @Override
        public String type() {
            return "change";
        }
    }

    /**
     * An explicit invalidation request from another service.
     *
     * @param requestId the request's {@code id}
     * @param source    the request's {@code source}
     */
    record Request(String requestId, String source) implements BroadcastCause {

        // Same bounds as the request's fields, so every valid request can be named in a broadcast.
        public static final int MAX_REQUEST_ID_LENGTH = InvalidationRequest.MAX_ID_LENGTH;
        public static final int MAX_SOURCE_LENGTH = InvalidationRequest.MAX_SOURCE_LENGTH;

        public Request {
            FieldChecks.text(requestId, "/cause/requestId", 1, MAX_REQUEST_ID_LENGTH);
            FieldChecks.text(source, "/cause/source", 1, MAX_SOURCE_LENGTH);
        }

        /** The cause for a broadcast that carries out {@code request}. */
        public static Request of(InvalidationRequest request) {
            return new Request(request.id(), request.source());
        }

        @Override
        public String type() {
            return "request";
        }
    }

    /**
     * The service repairs what may have been missed.
     *
     * @param reason what is being repaired; null when not given
     */
    record Repair(String reason) implements BroadcastCause {

        public static final int MAX_REASON_LENGTH = 1000;

        public Repair {
            FieldChecks.optionalText(reason, "/cause/reason", MAX_REASON_LENGTH);
        }

        @Override
        public String type() {
            return "repair";
        }
    }

    /**
     * Several changes and requests announced in one broadcast, whose targets are the union of theirs. A publisher
     * that applies a poll's worth of changes at once announces them so: one message instead of one per change keeps
     * the broadcast topic, and every subscriber's decoding, proportional to batches rather than rows.
     *
     * @param causes at least two, at most {@value #MAX_CAUSES}, each a {@link Change} or a {@link Request}, in the
     *               order the publisher read them
     */
    record Batch(List<BroadcastCause> causes) implements BroadcastCause {

        public static final int MIN_CAUSES = 2;
        public static final int MAX_CAUSES = 10_000;

        public Batch {
            if (causes == null) {
                throw new InvalidFieldException("/cause/causes", "is required");
            }
            causes = List.copyOf(causes);
            if (causes.size() < MIN_CAUSES || causes.size() > MAX_CAUSES) {
                throw new InvalidFieldException("/cause/causes", "must hold " + MIN_CAUSES + " to " + MAX_CAUSES
                        + " causes, held " + causes.size());
            }
            for (int i = 0; i < causes.size(); i++) {
                if (!(causes.get(i) instanceof Change) && !(causes.get(i) instanceof Request)) {
                    throw new InvalidFieldException("/cause/causes/" + i + "/type",
                            "must be change or request, was " + causes.get(i).type());
                }
            }
        }

        @Override
        public String type() {
            return "batch";
        }
    }

    /** The publisher has been quiet; the message only shows its position. Invalidates nothing by convention. */
    record Heartbeat() implements BroadcastCause {

        @Override
        public String type() {
            return "heartbeat";
        }
    }
}
