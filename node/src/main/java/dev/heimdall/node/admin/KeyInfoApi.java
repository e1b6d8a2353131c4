package dev.heimdall.node.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.governance.budget.AppliedBudget;
import dev.heimdall.governance.budget.BudgetSpec;
import dev.heimdall.governance.keys.Authentication;
import dev.heimdall.governance.keys.GovernanceSnapshot;
import dev.heimdall.governance.keys.KeyContext;
import dev.heimdall.governance.keys.VirtualKey;
import dev.heimdall.governance.limits.AppliedLimit;
import dev.heimdall.governance.limits.QuotaGrant;
import dev.heimdall.governance.store.json.GovernanceDocuments;
import dev.heimdall.node.ingress.openai.OpenAiErrors;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /v1/key/info}: a virtual key reads its own policy, what is left of its budgets (its own, its team's and
 * its customer's) and of its rate limits. The key authenticates as on every ingress API: {@code Authorization:
 * Bearer}, {@code x-api-key} or {@code x-goog-api-key}. Answered on the event loop from the current snapshot and
 * the live counters; nothing blocks.
 */
public final class KeyInfoApi {

    public static final String PATH = "/v1/key/info";

    private final Supplier<GovernanceSnapshot> snapshot;
    private final BudgetStatusSource budgets;
    private final LimitStatusSource limits;
    private final Clock clock;

    public KeyInfoApi(Supplier<GovernanceSnapshot> snapshot, BudgetStatusSource budgets, LimitStatusSource limits,
                      Clock clock) {
        this.snapshot = snapshot;
        this.budgets = budgets;
        this.limits = limits;
        this.clock = clock;
    }

    public void register(Router router) {
        router.get(PATH).handler(this::info);
    }

    private void info(RoutingContext ctx) {
        String secret = presentedSecret(ctx);
        if (secret == null) {
            OpenAiErrors.send(ctx.response(), 401, "Missing virtual key: send it as Authorization: Bearer <key>,"
                    + " x-api-key or x-goog-api-key.", "invalid_request_error", null, "invalid_api_key");
            return;
        }
        Instant now = clock.instant();
        Authentication authentication = snapshot.get().authenticate(secret, now);
        if (authentication instanceof Authentication.Refused refused) {
            OpenAiErrors.send(ctx.response(), 401, refused.message(), "invalid_request_error", null, "invalid_api_key");
            return;
        }
        KeyContext context = ((Authentication.Authenticated) authentication).context();
        ctx.response().putHeader("content-type", "application/json").putHeader("cache-control", "no-store")
                .end(Buffer.buffer(AdminJson.bytes(describe(context, now.toEpochMilli()))));
    }

    private ObjectNode describe(KeyContext context, long nowMillis) {
        ObjectNode body = AdminJson.NODES.objectNode();
        VirtualKey key = context.key();
        ObjectNode keyNode = body.putObject("key").put("id", key.id()).put("name", key.name());
        if (key.hint() != null) {
            keyNode.put("hint", key.hint());
        }
        if (key.teamId() != null) {
            keyNode.put("team", key.teamId());
        }
        if (context.customer() != null) {
            keyNode.put("customer", context.customer().id());
        }
        if (key.profileId() != null) {
            keyNode.put("profile", key.profileId());
        }
        if (key.expiresAt() != null) {
            keyNode.put("expires-at", key.expiresAt().toString());
        }
        if (key.previousValidUntil() != null) {
            keyNode.put("previous-valid-until", key.previousValidUntil().toString());
        }
        GovernanceDocuments.writePolicy(body.putObject("policy"), context.policy());
        ArrayNode budgetNodes = body.putArray("budgets");
        for (AppliedBudget budget : context.budgets()) {
            BudgetSpec spec = budget.spec();
            BudgetStatus status = budgets.status(budget, nowMillis);
            long remaining = Math.max(0, spec.limitMicros() - status.spentMicros() - status.reservedMicros());
            ObjectNode node = budgetNodes.addObject()
                    .put("owner", budget.owner().level().prefix())
                    .put("owner-id", budget.owner().id())
                    .put("name", spec.name())
                    .put("period", spec.period().name().toLowerCase(Locale.ROOT));
            node.put("limit-usd", GovernanceDocuments.usd(spec.limitMicros()))
                    .put("spent-usd", GovernanceDocuments.usd(status.spentMicros()))
                    .put("reserved-usd", GovernanceDocuments.usd(status.reservedMicros()))
                    .put("remaining-usd", GovernanceDocuments.usd(remaining));
            if (status.resetAtMillis() != null) {
                node.put("resets-at", Instant.ofEpochMilli(status.resetAtMillis()).toString());
            }
        }
        ArrayNode limitNodes = body.putArray("rate-limits");
        context.limits().forEach(limit -> limitNodes.add(limit(limit, nowMillis)));
        context.providerLimits().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(onProvider ->
                onProvider.getValue().forEach(limit -> limitNodes.add(limit(limit, nowMillis))));
        return body;
    }

    private ObjectNode limit(AppliedLimit limit, long nowMillis) {
        QuotaGrant state = limits.status(limit, nowMillis);
        ObjectNode node = AdminJson.NODES.objectNode()
                .put("owner", limit.owner().level().prefix())
                .put("owner-id", limit.owner().id());
        if (limit.provider() != null) {
            node.put("provider", limit.provider());
        }
        return node.put("kind", limit.kind().name().toLowerCase(Locale.ROOT))
                .put("window", limit.window().name().toLowerCase(Locale.ROOT))
                .put("limit", limit.limit())
                .put("remaining", state.remaining())
                .put("resets-at", Instant.ofEpochMilli(state.resetAtMillis()).toString());
    }

    private static String presentedSecret(RoutingContext ctx) {
        String authorization = ctx.request().getHeader("authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        String apiKey = ctx.request().getHeader("x-api-key");
        return apiKey != null ? apiKey.strip() : ctx.request().getHeader("x-goog-api-key");
    }
}
