package dev.heimdall.node.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.governance.guardrails.Finding;
import dev.heimdall.governance.guardrails.ModerationPolicy;
import dev.heimdall.governance.guardrails.ModerationResult;
import dev.heimdall.governance.guardrails.Verdict;
import dev.heimdall.node.guardrails.ActivePolicy;
import dev.heimdall.node.guardrails.GuardrailCatalog;
import dev.heimdall.node.guardrails.MessageText;
import dev.heimdall.node.guardrails.PolicySelection;
import dev.heimdall.node.guardrails.RelayText;
import dev.heimdall.node.observability.GatewayMetrics;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.canonical.EmbeddingRequest;
import dev.heimdall.providers.spi.ProviderError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The guardrail stages: the input stage screens a request's text before it is routed (so the policy holds whichever
 * provider it ends up at) and blocks it, sends it on redacted, or lets it pass with its findings on record; the
 * output stage wraps the ingress's sink so responses are scanned before the client sees them, when the policy says
 * so. A scan of a small text runs on the event loop; a large one, and the external moderation check, do not.
 */
public final class GuardrailGate {

    /**
     * Texts up to this many characters are scanned on the event loop (a few hundred microseconds at most); longer
     * ones on a worker thread.
     */
    static final int INLINE_LIMIT = 16 * 1024;

    /** What the input stage decided about a request of type {@code T}. */
    public sealed interface Screening<T> {

        /**
         * The request may go on.
         *
         * @param request    the request to send, its text redacted where the policy says so
         * @param redactions each redacted text of the original request to its redacted form; empty when none
         */
        record Passed<T>(T request, Map<String, String> redactions) implements Screening<T> {

            /**
             * The client's own JSON body as a pass-through relay may send it: as it is when nothing was redacted,
             * else rewritten, or null when the redaction cannot be carried into it (the request must then be
             * translated from the canonical one).
             */
            public byte[] relayBody(byte[] body) {
                return redactions.isEmpty() ? body : RelayText.rewrite(body, redactions);
            }
        }

        record Blocked<T>(Rejection rejection) implements Screening<T> {
        }
    }

    /** Builds the request to send from its scanned segments, when some were redacted. */
    @FunctionalInterface
    private interface Rebuild<T> {
        T rebuild(List<String> scanned, Map<String, String> redactions);
    }

    private final Vertx vertx;
    private final GuardrailCatalog catalog;
    private final GatewayMetrics metrics;

    public GuardrailGate(Vertx vertx, GuardrailCatalog catalog, GatewayMetrics metrics) {
        this.vertx = vertx;
        this.catalog = catalog;
        this.metrics = metrics;
    }

    /**
     * Screens a chat request's text (system prompts, turns, tool calls and results) and tells {@code next} what to
     * do with it: at once when the scan is small and there is no moderation check, otherwise later, on the request's
     * event loop. Findings go into the scope.
     *
     * @param moderate false for requests that produce nothing (token counting): the moderation check is skipped
     */
    public void screen(RequestScope scope, ChatRequest request, boolean moderate,
                       Consumer<Screening<ChatRequest>> next) {
        screen(scope, request, MessageText.segments(request.messages()), moderate, next, (scanned, redactions) ->
                request.withMessages(MessageText.replace(request.messages(), scanned),
                        request.openAiBody() == null ? null
                                : (ObjectNode) RelayText.rewrite(request.openAiBody(), redactions)));
    }

    /** Screens an embeddings request's inputs, as {@link #screen(RequestScope, ChatRequest, boolean, Consumer)}. */
    public void screen(RequestScope scope, EmbeddingRequest request, Consumer<Screening<EmbeddingRequest>> next) {
        screen(scope, request, request.input(), false, next, (scanned, redactions) ->
                new EmbeddingRequest(request.model(), scanned, request.encodingFormat(), request.dimensions(),
                        request.user(), request.openAiBody() == null ? null
                        : (ObjectNode) RelayText.rewrite(request.openAiBody(), redactions)));
    }

    private <T> void screen(RequestScope scope, T request, List<String> segments, boolean moderate,
                            Consumer<Screening<T>> next, Rebuild<T> rebuild) {
        PolicySelection selection = catalog.select(scope.keyContext());
        if (selection instanceof PolicySelection.Unguarded) {
            next.accept(new Screening.Passed<>(request, Map.of()));
            return;
        }
        if (selection instanceof PolicySelection.Missing missing) {
            next.accept(new Screening.Blocked<>(new Rejection(500, Rejection.Reason.GUARDRAIL_BLOCKED,
                    "The guardrail policy '" + missing.name() + "' of this key is not available, so the request is "
                            + "refused rather than sent unchecked.", Map.of())));
            return;
        }
        ActivePolicy policy = (ActivePolicy) selection;
        Consumer<Verdict> decide = verdict -> decide(scope, request, segments, verdict, next, rebuild);
        if (MessageText.length(segments) <= INLINE_LIMIT) {
            scanned(policy, policy.engine().scan(segments), moderate, decide);
            return;
        }
        vertx.getOrCreateContext().<Verdict>executeBlocking(() -> policy.engine().scan(segments), false)
                .onComplete(scan -> {
                    if (scan.succeeded()) {
                        scanned(policy, scan.result(), moderate, decide);
                    } else {
                        next.accept(new Screening.Blocked<>(new Rejection(500, Rejection.Reason.GUARDRAIL_BLOCKED,
                                "The request could not be scanned by guardrails.", Map.of())));
                    }
                });
    }

    private void scanned(ActivePolicy policy, Verdict verdict, boolean moderate, Consumer<Verdict> decide) {
        if (verdict.blocked() || !moderate || policy.moderation() == null) {
            decide.accept(verdict);
            return;
        }
        Future<ModerationResult> check;
        try {
            // the classifier sees the text as it would leave: never a secret redacted here
            check = Future.fromCompletionStage(policy.moderation().check(verdict.segments()), vertx.getOrCreateContext());
        } catch (RuntimeException e) {
            check = Future.failedFuture(e);
        }
        check.onComplete(result -> decide.accept(verdict.plus(result.succeeded()
                ? policy.moderationPolicy().judge(result.result())
                : policy.moderationPolicy().unavailable())));
    }

    private <T> void decide(RequestScope scope, T request, List<String> segments, Verdict verdict,
                            Consumer<Screening<T>> next, Rebuild<T> rebuild) {
        record(scope, verdict.findings());
        if (verdict.blocked()) {
            next.accept(new Screening.Blocked<>(rejection(verdict.blockingRules())));
            return;
        }
        if (!verdict.redacted()) {
            next.accept(new Screening.Passed<>(request, Map.of()));
            return;
        }
        Map<String, String> redactions = new HashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            if (!segments.get(i).equals(verdict.segments().get(i))) {
                redactions.put(segments.get(i), verdict.segments().get(i));
            }
        }
        next.accept(new Screening.Passed<>(rebuild.rebuild(verdict.segments(), redactions), redactions));
    }

    /**
     * The sink itself when the request's policy leaves responses alone, else one that scans them before they reach
     * the client. A stream is then scanned as it passes, holding back the policy's window of text.
     */
    public ChatSink output(RequestScope scope, ChatSink sink) {
        if (catalog.select(scope.keyContext()) instanceof ActivePolicy policy && policy.scansOutput()) {
            return new GuardedSink(sink, policy.engine(), findings -> record(scope, findings), vertx);
        }
        return sink;
    }

    private void record(RequestScope scope, List<Finding> findings) {
        if (findings.isEmpty()) {
            return;
        }
        scope.addGuardrailFindings(findings);
        for (Finding finding : findings) {
            metrics.recordGuardrailFinding(finding.ruleId(), finding.action().configName());
        }
    }

    private static Rejection rejection(List<String> rules) {
        if (rules.stream().allMatch(rule -> rule.equals(ModerationPolicy.UNAVAILABLE_RULE))) {
            return new Rejection(503, Rejection.Reason.GUARDRAIL_BLOCKED, "The content moderation check did not "
                    + "answer and this key's guardrail policy fails closed; try again later.", Map.of());
        }
        return new Rejection(400, Rejection.Reason.GUARDRAIL_BLOCKED, "The request was blocked by guardrails: "
                + describe(rules) + ".", Map.of());
    }

    /** The error a response blocked by guardrails ends with (mid-stream, or instead of the whole answer). */
    static ProviderError blockedResponse(List<String> rules) {
        return new ProviderError.BadRequest("The response was blocked by guardrails: " + describe(rules) + ".", 400,
                null, Rejection.Reason.GUARDRAIL_BLOCKED.code());
    }

    private static String describe(List<String> rules) {
        return (rules.size() == 1 ? "it matched rule " : "it matched rules ") + String.join(", ", rules);
    }
}
