package dev.heimdall.node.config;

/** What an admin token may do through the admin API. */
public enum AdminRole {
    /** everything */
    ADMIN,
    /** everything but admin tokens and provider secrets */
    OPERATOR,
    /** read-only */
    VIEWER
}
