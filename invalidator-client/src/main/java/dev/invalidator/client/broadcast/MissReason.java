package dev.invalidator.client.broadcast;

public enum MissReason { GAP, RETENTION_OVERTAKEN, DISCONNECTED, UNREADABLE_MESSAGE, PUBLISHER_REGRESSED }
