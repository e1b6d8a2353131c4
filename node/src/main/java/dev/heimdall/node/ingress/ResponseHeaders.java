package dev.heimdall.node.ingress;

import dev.heimdall.governance.limits.RateLimitDecision;
import dev.heimdall.node.pipeline.GovernanceTicket;
import dev.heimdall.node.pipeline.RequestScope;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * The headers that tell a client where its request went, on every answer of every ingress API. Their names are
 * encoded once ({@link HttpHeaders#createOptimized}), not per answer.
 */
public final class ResponseHeaders {

    private static final CharSequence REQUEST_ID = HttpHeaders.createOptimized("x-request-id");
    private static final CharSequence RULE = HttpHeaders.createOptimized("x-heimdall-rule");
    private static final CharSequence PROVIDER = HttpHeaders.createOptimized("x-heimdall-provider");
    private static final CharSequence MODEL = HttpHeaders.createOptimized("x-heimdall-model");
    private static final CharSequence KEY = HttpHeaders.createOptimized("x-heimdall-key");
    private static final CharSequence ATTEMPTS = HttpHeaders.createOptimized("x-heimdall-attempts");
    private static final LimitHeaders REQUESTS = LimitHeaders.of("requests");
    private static final LimitHeaders TOKENS = LimitHeaders.of("tokens");

    private ResponseHeaders() {
    }

    public static void routing(HttpServerResponse response, RequestScope scope) {
        if (response.headWritten()) {
            return;
        }
        response.putHeader(REQUEST_ID, scope.requestId());
        if (scope.rule() != null) {
            response.putHeader(RULE, scope.rule());
        }
        rateLimits(response, scope);
        if (scope.attemptsStarted() > 0) {
            response.putHeader(PROVIDER, scope.provider())
                    .putHeader(MODEL, scope.model())
                    .putHeader(KEY, scope.key())
                    .putHeader(ATTEMPTS, Integer.toString(scope.attemptsStarted()));
        }
    }

    /** OpenAI's {@code x-ratelimit-*} headers for the tightest request and token limits that admitted the request. */
    static void rateLimits(HttpServerResponse response, RequestScope scope) {
        GovernanceTicket ticket = scope.ticket();
        if (ticket == null) {
            return;
        }
        long nowMillis = ticket.admittedAtMillis();
        status(response, REQUESTS, ticket.limits().requests(), nowMillis);
        status(response, TOKENS, ticket.limits().tokens(), nowMillis);
    }

    private static void status(HttpServerResponse response, LimitHeaders names, RateLimitDecision.Status status,
                               long nowMillis) {
        if (status == null) {
            return;
        }
        response.putHeader(names.limit(), Long.toString(status.limit()))
                .putHeader(names.remaining(), Long.toString(Math.max(0, status.remaining())))
                .putHeader(names.reset(), duration(status.resetAtMillis() - nowMillis));
    }

    /** OpenAI's three {@code x-ratelimit-*} header names for one kind of limit. */
    private record LimitHeaders(CharSequence limit, CharSequence remaining, CharSequence reset) {
        static LimitHeaders of(String kind) {
            return new LimitHeaders(HttpHeaders.createOptimized("x-ratelimit-limit-" + kind),
                    HttpHeaders.createOptimized("x-ratelimit-remaining-" + kind),
                    HttpHeaders.createOptimized("x-ratelimit-reset-" + kind));
        }
    }

    /** A duration the way OpenAI writes its resets: {@code 250ms}, {@code 17s}, {@code 6m0s}, {@code 2h5m0s}. */
    static String duration(long millis) {
        if (millis < 1000) {
            return Math.max(0, millis) + "ms";
        }
        long seconds = (millis + 999) / 1000;
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        if (hours > 0) {
            return hours + "h" + minutes + "m" + rest + "s";
        }
        return minutes > 0 ? minutes + "m" + rest + "s" : rest + "s";
    }
}
