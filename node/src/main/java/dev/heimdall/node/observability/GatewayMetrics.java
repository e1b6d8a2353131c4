package dev.heimdall.node.observability;

import dev.heimdall.cluster.membership.ClusterMember;
import dev.heimdall.governance.health.HealthView;
import dev.heimdall.governance.health.SharedHealthBoard;
import dev.heimdall.governance.health.TargetId;
import dev.heimdall.node.lifecycle.Drain;
import dev.heimdall.node.lifecycle.InFlightRequests;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's meters. Meters with tags are registered once per tag combination and found again by their tag values
 * ({@link MeterTree}), so recording on the hot path is a few map lookups plus a lock-free increment: never a builder,
 * and no key built from the tags.
 */
public final class GatewayMetrics {

    private static final String[] STATUS_TAGS = new String[600];

    static {
        for (int status = 0; status < STATUS_TAGS.length; status++) {
            STATUS_TAGS[status] = Integer.toString(status);
        }
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer overhead;
    private final MeterTree<Counter> requests = new MeterTree<>(t -> Counter.builder("heimdall.requests")
            .description("Requests answered, by ingress API, final provider and model, and status")
            .tag("ingress", t.get(0)).tag("provider", t.get(1)).tag("model", t.get(2)).tag("status", t.get(3))
            .register(registry));
    private final MeterTree<Timer> upstreamLatency = new MeterTree<>(t -> Timer.builder("heimdall.upstream.latency")
            .description("Time from sending a request upstream to its last byte (streams: to the end of the stream)")
            .tag("provider", t.get(0)).tag("model", t.get(1))
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(10))
            .register(registry));
    private final MeterTree<Counter> attempts = new MeterTree<>(t -> Counter.builder("heimdall.upstream.attempts")
            .description("Upstream attempts by provider and outcome")
            .tag("provider", t.get(0)).tag("outcome", t.get(1))
            .register(registry));
    private final MeterTree<Counter> tokens = new MeterTree<>(t -> Counter.builder("heimdall.tokens")
            .description("Tokens by provider, model and kind")
            .tag("provider", t.get(0)).tag("model", t.get(1)).tag("kind", t.get(2))
            .register(registry));
    private final MeterTree<Counter> cost = new MeterTree<>(t -> Counter.builder("heimdall.cost.usd")
            .description("Cost of answered requests in US dollars, from the pricing catalog")
            .tag("provider", t.get(0)).tag("model", t.get(1))
            .register(registry));
    private final MeterTree<Counter> estimatedUsage = new MeterTree<>(t -> Counter.builder("heimdall.usage.estimated")
            .description("Answered requests whose provider reported no usage, charged at their estimated cost")
            .tag("provider", t.get(0)).tag("model", t.get(1))
            .register(registry));
    private final MeterTree<Counter> ruleMatches = new MeterTree<>(t -> Counter.builder("heimdall.routing.rule.matches")
            .description("Requests routed by each routing rule")
            .tag("rule", t.get(0))
            .register(registry));
    private final MeterTree<Counter> retries = new MeterTree<>(t -> Counter.builder("heimdall.upstream.retries")
            .description("Retries of an upstream target, by provider and the error that caused them")
            .tag("provider", t.get(0)).tag("reason", t.get(1))
            .register(registry));
    private final MeterTree<AtomicInteger> deadKeys = new MeterTree<>(t -> {
        AtomicInteger dead = new AtomicInteger();
        Gauge.builder("heimdall.upstream.key.dead", dead, AtomicInteger::get)
                .description("1 when the provider rejected the key's credential and it is no longer used")
                .tag("provider", t.get(0)).tag("key", t.get(1))
                .register(registry);
        return dead;
    });
    private final MeterTree<Counter> fallbacks = new MeterTree<>(t -> Counter.builder("heimdall.routing.fallbacks")
            .description("Requests that moved on to another target, by reason and the position moved to")
            .tag("reason", t.get(0)).tag("position", t.get(1))
            .register(registry));
    private final ConcurrentHashMap<String, Counter> guardrailFindings = new ConcurrentHashMap<>();
    private final Set<TargetId> watchedTargets = ConcurrentHashMap.newKeySet();

    public GatewayMetrics() {
        overhead = Timer.builder("heimdall.overhead")
                .description("Time spent in the gateway per request, excluding the wait for the upstream")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofSeconds(1))
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }

    public void recordOverhead(long nanos) {
        overhead.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    /** One finished request; provider and model are "none" when no upstream was reached. */
    public void recordRequest(String ingress, String provider, String model, int status) {
        requests.get(ingress, provider, model, statusTag(status)).increment();
    }

    public void recordUpstream(String provider, String model, long nanos) {
        upstreamLatency.get(provider, model).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One upstream attempt; outcome is "ok" or the error kind. */
    public void recordAttempt(String provider, String outcome) {
        attempts.get(provider, outcome).increment();
    }

    /**
     * Another attempt on the same target (another key, or the same after a backoff); reason is the short name of
     * the error ({@code 5xx}, {@code 429}, {@code timeout} ...).
     */
    public void recordRetry(String provider, String reason) {
        retries.get(provider, reason).increment();
    }

    /**
     * The request moved on to another target of its plan.
     *
     * @param reason   why: the short name of the error, or {@code circuit_open} when the target was skipped
     * @param position the plan position moved to (1 is the first after the primary), or {@code context} for the
     *                 longer-context fallback
     */
    public void recordFallback(String reason, String position) {
        fallbacks.get(reason, position).increment();
    }

    /**
     * Exposes a target's circuit state (0 closed, 1 half-open, 2 open), health factor and effective weight (the
     * key's configured weight times the factor), read from {@code health} at each scrape. Registers once per
     * target; later calls are a set lookup.
     */
    public void watchTarget(TargetId target, double keyWeight, HealthView health) {
        if (!watchedTargets.add(target)) {
            return;
        }
        Tags tags = Tags.of("provider", target.provider(), "key", target.key(), "model", target.model());
        Gauge.builder("heimdall.upstream.circuit.state", health,
                        h -> h.circuit(target.provider(), target.key(), target.model(), System.nanoTime()).gaugeValue())
                .description("Circuit breaker state per target: 0 closed, 1 half-open, 2 open")
                .tags(tags).register(registry);
        Gauge.builder("heimdall.upstream.health.factor", health,
                        h -> h.factor(target.provider(), target.key(), target.model(), System.nanoTime()))
                .description("Health factor per target (0..1): latency against its baseline, error and 429 rates; 0 while its circuit admits nothing")
                .tags(tags).register(registry);
        Gauge.builder("heimdall.upstream.effective.weight", health,
                        h -> keyWeight * h.factor(target.provider(), target.key(), target.model(), System.nanoTime()))
                .description("The key's configured weight times its health factor")
                .tags(tags).register(registry);
    }

    /**
     * Exposes the node's cluster and traffic: members, joins and leaves seen since this node joined, requests in
     * flight, whether it drains, and health observations it could not share.
     */
    public void watchNode(ClusterMember member, Drain drain, SharedHealthBoard health) {
        Gauge.builder("heimdall.cluster.members", member, ClusterMember::size)
                .description("Members of the cluster as this node sees them, itself included")
                .register(registry);
        FunctionCounter.builder("heimdall.cluster.member.joins", member, ClusterMember::joins)
                .description("Members that joined the cluster after this node")
                .register(registry);
        FunctionCounter.builder("heimdall.cluster.member.leaves", member, ClusterMember::leaves)
                .description("Members that left the cluster, or were lost, after this node joined")
                .register(registry);
        Gauge.builder("heimdall.requests.in.flight", drain.requests(), InFlightRequests::inFlight)
                .description("HTTP requests being served right now, streams included")
                .register(registry);
        Gauge.builder("heimdall.node.draining", drain, d -> d.draining() ? 1 : 0)
                .description("1 while the node drains: out of rotation, finishing what it serves")
                .register(registry);
        FunctionCounter.builder("heimdall.cluster.health.dropped", health, SharedHealthBoard::droppedObservations)
                .description("Health observations not shared with the other nodes because too many waited")
                .register(registry);
    }

    /** The provider rejected key {@code key} (its name, never its value); 1 from now on. */
    public void recordKeyDead(String provider, String key) {
        deadKeys.get(provider, key).set(1);
    }

    /** A routing rule chose a request's route. */
    public void recordRuleMatch(String rule) {
        ruleMatches.get(rule).increment();
    }

    /** A guardrail rule matched a request's or a response's text; action is block, redact or flag. */
    public void recordGuardrailFinding(String rule, String action) {
        guardrailFindings.computeIfAbsent(rule + '\0' + action, k -> Counter.builder("heimdall.guardrail.findings")
                .description("Guardrail findings in requests and responses, by rule and the action taken")
                .tag("rule", rule).tag("action", action)
                .register(registry)).increment();
    }

    /** Exposes how many rule conditions failed at run time (they count as not matching). */
    public void watchRuleErrors(java.util.function.Supplier<Long> errors) {
        io.micrometer.core.instrument.FunctionCounter.builder("heimdall.routing.rule.errors", errors, e -> e.get())
                .description("Routing rule conditions that failed to evaluate and so did not match")
                .register(registry);
    }

    public void recordUsage(String provider, String model, long promptTokens, long completionTokens, long costMicros) {
        tokens.get(provider, model, "prompt").increment(promptTokens);
        tokens.get(provider, model, "completion").increment(completionTokens);
        cost.get(provider, model).increment(costMicros / 1_000_000.0);
    }

    /** A request that was answered without usage from its provider: its budget was charged the estimate. */
    public void recordEstimatedUsage(String provider, String model) {
        estimatedUsage.get(provider, model).increment();
    }

    /** An HTTP status as a tag value, from a table: formatting it per request would allocate a string each time. */
    static String statusTag(int status) {
        return status >= 0 && status < STATUS_TAGS.length ? STATUS_TAGS[status] : Integer.toString(status);
    }
}
