package dev.invalidator.service.pipeline;

/** Why a record was dead-lettered, in few enough kinds to count by. */
public enum DeadLetterKind {
    /** The record is not a change event this reader understands. */
    UNREADABLE("unreadable"),
    /** A rule failed on the change event; its other rules' targets were still applied. */
    RULES_FAILED("rules-failed"),
    /** Rules or a request named a key inside the invalidator's own namespace. */
    NAMESPACE_KEY("namespace-key"),
    /** A record of the requests topic that is not a valid invalidation request. */
    INVALID_REQUEST("invalid-request");

    private final String label;

    DeadLetterKind(String label) {
        this.label = label;
    }

    /** The kind as a metric tag value. */
    public String label() {
        return label;
    }
}
