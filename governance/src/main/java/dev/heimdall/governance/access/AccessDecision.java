package dev.heimdall.governance.access;

import dev.heimdall.governance.routing.FallbackPlan;

/** Whether a virtual key may use what a request was routed to. */
public sealed interface AccessDecision {

    /** @param plan the plan with only the targets the key may use, in their original order */
    record Allowed(FallbackPlan plan) implements AccessDecision {
    }

    /** @param message for the client (HTTP 403): names the key, the model and what it may use instead */
    record Denied(String message) implements AccessDecision {
    }
}
