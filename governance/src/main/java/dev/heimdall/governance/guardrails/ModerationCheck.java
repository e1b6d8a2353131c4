package dev.heimdall.governance.guardrails;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * An external content classifier in the shape of OpenAI's moderation endpoint ({@code POST /v1/moderations}: texts
 * in; {@code flagged} and the names of the flagged categories out). The node implements it over HTTP and applies
 * {@link ModerationPolicy#timeout()}; what a result means for the request is {@link ModerationPolicy}'s decision.
 * Implementations must not block the calling thread.
 */
@FunctionalInterface
public interface ModerationCheck {

    CompletionStage<ModerationResult> check(List<String> segments);
}
