package dev.heimdall.node.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.governance.health.CircuitState;
import dev.heimdall.governance.health.HealthSnapshot;
import dev.heimdall.governance.health.HealthView;
import dev.heimdall.governance.health.LatencySignal;
import dev.heimdall.governance.health.TargetId;
import dev.heimdall.governance.routing.EffectiveWeights;
import dev.heimdall.governance.routing.KeyOption;
import dev.heimdall.governance.routing.RouteDecision;
import dev.heimdall.governance.routing.Target;
import dev.heimdall.node.ingress.Json;
import dev.heimdall.node.pipeline.Gateway;
import dev.heimdall.node.upstream.ProviderRuntime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A route decision as an operator reads it: the rule that matched, each candidate with its configured weight,
 * health factor, effective weight and share of traffic, the circuit and eligibility of every key that could carry
 * it, the fallback chain and whose it is, and the context fallback. Read from live health at one moment.
 */
final class RouteExplanation {

    private final Gateway gateway;

    RouteExplanation(Gateway gateway) {
        this.gateway = gateway;
    }

    ObjectNode render(RouteDecision decision, long estimatedTokens, long nowNanos) {
        EffectiveWeights weights = gateway.router().weights();
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("model", decision.requestedModel());
        root.put("estimated_tokens", estimatedTokens);
        root.put("rule", decision.rule());
        root.put("alias", decision.alias());
        double total = 0;
        for (Target candidate : decision.candidates()) {
            total += weights.weight(candidate, nowNanos);
        }
        ArrayNode candidates = root.putArray("candidates");
        for (Target candidate : decision.candidates()) {
            ObjectNode node = target(candidate, estimatedTokens, nowNanos);
            double effective = weights.weight(candidate, nowNanos);
            node.put("share", total > 0 ? effective / total : 0);
            candidates.add(node);
        }
        ObjectNode fallbacks = root.putObject("fallbacks");
        fallbacks.put("source", decision.fallbackSource().name().toLowerCase(Locale.ROOT));
        ArrayNode chain = fallbacks.putArray("targets");
        for (Target fallback : decision.fallbacks()) {
            chain.add(target(fallback, estimatedTokens, nowNanos));
        }
        root.set("context_fallback", decision.contextFallback() == null ? null
                : target(decision.contextFallback(), estimatedTokens, nowNanos));
        return root;
    }

    private ObjectNode target(Target target, long estimatedTokens, long nowNanos) {
        EffectiveWeights weights = gateway.router().weights();
        ProviderRuntime provider = gateway.provider(target.provider());
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("provider", target.provider());
        node.put("model", target.model());
        node.put("pinned_key", target.keyName());
        node.put("weight", target.weight());
        node.put("health_factor", weights.factor(target, nowNanos));
        node.put("effective_weight", weights.weight(target, nowNanos));
        Integer window = provider.config().contextWindows().get(target.model());
        node.put("context_window", window);
        node.put("prompt_fits", !provider.exceedsContextWindow(target.model(), estimatedTokens));
        List<CircuitState> circuits = new ArrayList<>();
        ArrayNode keys = node.putArray("keys");
        for (KeyOption key : keysFor(provider, target)) {
            HealthSnapshot snapshot = gateway.health().snapshot(provider.name(), key.name(), target.model(), nowNanos);
            circuits.add(snapshot.circuit());
            keys.add(key(provider.name(), key, target.model(), snapshot, nowNanos));
        }
        node.put("circuit", summary(circuits).name().toLowerCase(Locale.ROOT));
        return node;
    }

    /** The keys that could carry the target: its pinned key, else every key serving the model, else none at all. */
    private static List<KeyOption> keysFor(ProviderRuntime provider, Target target) {
        if (provider.keys().isEmpty()) {
            return List.of(new KeyOption(TargetId.NO_KEY, 1, List.of()));
        }
        List<KeyOption> keys = new ArrayList<>();
        for (int i = 0; i < provider.keys().size(); i++) {
            KeyOption key = provider.keys().get(i);
            if (target.keyName() != null ? key.name().equals(target.keyName()) : key.serves(target.model())) {
                keys.add(key);
            }
        }
        return keys;
    }

    private ObjectNode key(String provider, KeyOption key, String model, HealthSnapshot snapshot, long nowNanos) {
        HealthView health = gateway.health();
        double factor = health.factor(provider, key.name(), model, nowNanos);
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("name", key.name());
        node.put("weight", key.weight());
        node.put("eligible", health.admits(provider, key.name(), model, nowNanos));
        node.put("dead", health.keys().dead(provider, key.name()));
        node.put("cooldown_ms", health.keys().cooldownRemainingNanos(provider, key.name(), model, nowNanos) / 1_000_000);
        node.put("circuit", snapshot.circuit().name().toLowerCase(Locale.ROOT));
        node.put("health_factor", factor);
        node.put("effective_weight", key.weight() * factor);
        node.put("latency_ratio", snapshot.score().latencyRatio());
        node.put("error_rate", snapshot.score().failureRate());
        node.put("rate_limited_rate", snapshot.score().rateLimitedRate());
        node.put("recent_calls", snapshot.score().calls());
        node.set("latency_ms", signal(snapshot.latency()));
        node.set("first_token_ms", signal(snapshot.firstToken()));
        return node;
    }

    private static ObjectNode signal(LatencySignal signal) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("samples", signal.samples());
        putMillis(node, "ewma", signal.ewma());
        putMillis(node, "p90", signal.p90());
        putMillis(node, "baseline", signal.baseline());
        putMillis(node, "p90_baseline", signal.p90Baseline());
        return node;
    }

    private static void putMillis(ObjectNode node, String field, double nanos) {
        if (Double.isNaN(nanos)) {
            node.putNull(field);
        } else {
            node.put(field, Math.round(nanos / 1_000.0) / 1_000.0);
        }
    }

    /** A target admits traffic while any of its keys does: closed if one is closed, open only if all are. */
    private static CircuitState summary(List<CircuitState> circuits) {
        if (circuits.contains(CircuitState.CLOSED)) {
            return CircuitState.CLOSED;
        }
        return circuits.contains(CircuitState.HALF_OPEN) ? CircuitState.HALF_OPEN : CircuitState.OPEN;
    }
}
