package dev.heimdall.node.pipeline;

import dev.heimdall.governance.health.HealthBoard;
import dev.heimdall.governance.health.KeyHealth;
import dev.heimdall.governance.health.LocalHealthBoard;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the pipeline needs that does not change per request, built once from the validated configuration and
 * shared by every event loop. {@link #health()} is the one mutable part: what the node has learned about its
 * upstreams.
 *
 * @param audit where the record stage sends each request's audit record
 */
public record Gateway(ServerConfig server, RouteTable routes, RequestRouter router,
                      Map<String, ProviderRuntime> providers, UsageMeter usageMeter, GatewayMetrics metrics,
                      HealthBoard health, GovernanceGate governance, AuditTrail audit) {

    public static Gateway from(HeimdallConfig config, AdapterRegistry adapters,
                               java.util.function.Function<ProviderConfig, UpstreamAuthorizer> authorizers,
                               UsageMeter usageMeter, GatewayMetrics metrics, Clock clock,
                               GovernanceGate governance, AuditTrail audit) {
        Map<String, ProviderRuntime> providers = new LinkedHashMap<>();
        Map<String, KeyPool> pools = new HashMap<>();
        for (ProviderConfig provider : config.providers().values()) {
            ProviderAdapter adapter = adapters.find(provider.type())
                    .orElseThrow(() -> new IllegalArgumentException("no adapter for provider type " + provider.type()));
            ProviderRuntime runtime = ProviderRuntime.of(provider, adapter, authorizers.apply(provider));
            providers.put(provider.name(), runtime);
            pools.put(provider.name(), runtime.keys());
        }
        Map<String, ModelAlias> aliases = new LinkedHashMap<>();
        for (ModelAliasConfig alias : config.models().values()) {
            aliases.put(alias.name(), new ModelAlias(alias.name(), targets(alias.targets()), targets(alias.fallbacks()),
                    target(alias.contextFallback())));
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
        HealthBoard health = new LocalHealthBoard(config.health());
        RequestRouter router = new RequestRouter(routes, RuleSet.compile(rules), ruleContextFallbacks,
                new EffectiveWeights(pools, health), clock, config.timeZone(), metrics);
        return new Gateway(config.server(), routes, router, Map.copyOf(providers), usageMeter, metrics, health,
                governance, audit);
    }

    private static List<Target> targets(List<TargetConfig> targets) {
        return targets.stream().map(Gateway::target).toList();
    }

    private static Target target(TargetConfig target) {
        return target == null ? null : new Target(target.provider(), target.model(), target.weight(), target.key());
    }

    public ProviderRuntime provider(String name) {
        return providers.get(name);
    }

    /** The wire-format type of a configured provider ({@code openai}, {@code bedrock}, ...), for pricing. */
    public String providerType(String name) {
        ProviderRuntime provider = providers.get(name);
        return provider == null ? name : provider.adapter().type();
    }

    /** The keys' 429 cooldowns and dead credentials, part of {@link #health()}. */
    public KeyHealth keyHealth() {
        return health.keys();
    }
}
