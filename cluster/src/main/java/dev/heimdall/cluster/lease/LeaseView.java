package dev.heimdall.cluster.lease;

/**
 * One lease as its node holds it: how much it may use in all (its lease, or its local share when the owner granted it
 * that), how much it has used, and whether its partition owner stopped answering (the node then decides on its local
 * share).
 */
public record LeaseView(String line, long held, long committed, boolean unreachable) {
}
