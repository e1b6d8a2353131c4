package dev.heimdall.node.pipeline;

import dev.heimdall.governance.health.HealthBoard;
import dev.heimdall.governance.health.KeyHealth;
import dev.heimdall.governance.routing.EffectiveWeights;
import dev.heimdall.governance.routing.KeyPool;
import dev.heimdall.governance.routing.ModelAlias;
import dev.heimdall.governance.routing.RouteTable;
import dev.heimdall.governance.routing.Target;
import dev.heimdall.governance.routing.rules.RoutingRule;
import dev.heimdall.governance.routing.rules.RuleSet;
import dev.heimdall.node.config.HeimdallConfig;
import dev.heimdall.node.config.ModelAliasConfig;
import dev.heimdall.node.config.ProviderConfig;
import dev.heimdall.node.config.RoutingRuleConfig;
import dev.heimdall.node.config.ServerConfig;
import dev.heimdall.node.config.TargetConfig;
import dev.heimdall.node.observability.GatewayMetrics;
import dev.heimdall.node.upstream.ProviderRuntime;
import dev.heimdall.node.upstream.UpstreamAuthorizer;
import dev.heimdall.providers.AdapterRegistry;
import dev.heimdall.providers.spi.ProviderAdapter;

import java.time.Clock;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the pipeline needs, built from the validated configuration and shared by every event loop. The routing
 * part (providers, aliases, rules) is an immutable {@link Routing} swapped in whole when the admin API changes it, so
 * a request sees one consistent routing from start to end; {@link #health()} is what the node has learned about its
 * upstreams and outlives such swaps.
 *
 * @param audit where the record stage sends each request's audit record
 */
public record Gateway(ServerConfig server, AtomicReference<Routing> routing, RoutingFactory factory,
                      UsageMeter usageMeter, GatewayMetrics metrics, HealthBoard health, GovernanceGate governance,
                      GuardrailGate guardrails, AuditTrail audit) {

    /** The providers, aliases and rules in force. */
    public record Routing(RouteTable routes, RequestRouter router, Map<String, ProviderRuntime> providers) {
    }

    /** Builds a {@link Routing} from configuration records, with what does not change at runtime. */
    public record RoutingFactory(AdapterRegistry adapters, Function<ProviderConfig, UpstreamAuthorizer> authorizers,
                                 GatewayMetrics metrics, Clock clock, ZoneId timeZone) {

        /** @throws IllegalArgumentException when a provider type has no adapter or a rule does not compile */
        public Routing build(HeimdallConfig config, HealthBoard health) {
            Map<String, ProviderRuntime> providers = new LinkedHashMap<>();
            Map<String, KeyPool> pools = new HashMap<>();
            for (ProviderConfig provider : config.providers().values()) {
                ProviderAdapter adapter = adapters.find(provider.type()).orElseThrow(
                        () -> new IllegalArgumentException("no adapter for provider type " + provider.type()));
                ProviderRuntime runtime = ProviderRuntime.of(provider, adapter, authorizers.apply(provider));
                providers.put(provider.name(), runtime);
                pools.put(provider.name(), runtime.keys());
            }
            Map<String, ModelAlias> aliases = new LinkedHashMap<>();
            for (ModelAliasConfig alias : config.models().values()) {
                aliases.put(alias.name(), new ModelAlias(alias.name(), targets(alias.targets()),
                        targets(alias.fallbacks()), target(alias.contextFallback())));
            }
            RouteTable routes = new RouteTable(aliases, providers.keySet());
            List<RoutingRule> rules = config.routingRules().stream()
                    .map(r -> new RoutingRule(r.name(), r.when(), target(r.route()), r.model(), targets(r.fallbacks())))
                    .toList();
            Map<String, Target> ruleContextFallbacks = new HashMap<>();
            for (RoutingRuleConfig rule : config.routingRules()) {
                if (rule.contextFallback() != null) {
                    ruleContextFallbacks.put(rule.name(), target(rule.contextFallback()));
                }
            }
            RequestRouter router = new RequestRouter(routes, RuleSet.compile(rules), ruleContextFallbacks,
                    new EffectiveWeights(pools, health), clock, timeZone, metrics);
            return new Routing(routes, router, Map.copyOf(providers));
        }
    }

    public static Gateway from(HeimdallConfig config, AdapterRegistry adapters,
                               Function<ProviderConfig, UpstreamAuthorizer> authorizers,
                               UsageMeter usageMeter, GatewayMetrics metrics, HealthBoard health, Clock clock,
                               GovernanceGate governance, GuardrailGate guardrails, AuditTrail audit) {
        RoutingFactory factory = new RoutingFactory(adapters, authorizers, metrics, clock, config.timeZone());
        return new Gateway(config.server(), new AtomicReference<>(factory.build(config, health)), factory, usageMeter,
                metrics, health, governance, guardrails, audit);
    }

    /**
     * Puts the providers, aliases and rules of {@code config} in force for every request routed from now on;
     * requests already routed finish on the routing they started with.
     */
    public void reconfigure(HeimdallConfig config) {
        routing.set(factory.build(config, health));
    }

    public RouteTable routes() {
        return routing.get().routes();
    }

    public RequestRouter router() {
        return routing.get().router();
    }

    public Map<String, ProviderRuntime> providers() {
        return routing.get().providers();
    }

    private static List<Target> targets(List<TargetConfig> targets) {
        return targets.stream().map(Gateway::target).toList();
    }

    private static Target target(TargetConfig target) {
        return target == null ? null : new Target(target.provider(), target.model(), target.weight(), target.key());
    }

    /** The provider in force under this name, or null when there is none (any more). */
    public ProviderRuntime provider(String name) {
        return routing.get().providers().get(name);
    }

    /** The wire-format type of a configured provider ({@code openai}, {@code bedrock}, ...), for pricing. */
    public String providerType(String name) {
        ProviderRuntime provider = provider(name);
        return provider == null ? name : provider.adapter().type();
    }

    /** The keys' 429 cooldowns and dead credentials, part of {@link #health()}. */
    public KeyHealth keyHealth() {
        return health.keys();
    }
}
