package dev.heimdall.node.pipeline;

import dev.heimdall.governance.health.KeyHealth;
import dev.heimdall.governance.health.LocalKeyHealth;
import dev.heimdall.governance.routing.ModelAlias;
import dev.heimdall.governance.routing.RouteTable;
import dev.heimdall.governance.routing.Target;
import dev.heimdall.node.config.HeimdallConfig;
import dev.heimdall.node.config.ModelAliasConfig;
import dev.heimdall.node.config.ProviderConfig;
import dev.heimdall.node.config.ServerConfig;
import dev.heimdall.node.config.TargetConfig;
import dev.heimdall.node.observability.GatewayMetrics;
import dev.heimdall.node.upstream.ProviderRuntime;
import dev.heimdall.node.upstream.UpstreamAuthorizer;
import dev.heimdall.providers.AdapterRegistry;
import dev.heimdall.providers.spi.ProviderAdapter;

import dev.heimdall.governance.routing.rules.RoutingRule;
import dev.heimdall.governance.routing.rules.RuleSet;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the pipeline needs that does not change per request, built once from the validated configuration and
 * shared by every event loop.
 */
public record Gateway(ServerConfig server, RouteTable routes, RequestRouter router,
                      Map<String, ProviderRuntime> providers, UsageMeter usageMeter, GatewayMetrics metrics,
                      KeyHealth keyHealth, GovernanceGate governance) {

    public static Gateway from(HeimdallConfig config, AdapterRegistry adapters,
                               java.util.function.Function<ProviderConfig, UpstreamAuthorizer> authorizers,
                               UsageMeter usageMeter, GatewayMetrics metrics, Clock clock,
                               GovernanceGate governance) {
        Map<String, ProviderRuntime> providers = new LinkedHashMap<>();
        for (ProviderConfig provider : config.providers().values()) {
            ProviderAdapter adapter = adapters.find(provider.type())
                    .orElseThrow(() -> new IllegalArgumentException("no adapter for provider type " + provider.type()));
            providers.put(provider.name(), ProviderRuntime.of(provider, adapter, authorizers.apply(provider)));
        }
        Map<String, ModelAlias> aliases = new LinkedHashMap<>();
        for (ModelAliasConfig alias : config.models().values()) {
            aliases.put(alias.name(), new ModelAlias(alias.name(), targets(alias.targets()), targets(alias.fallbacks())));
        }
        RouteTable routes = new RouteTable(aliases, providers.keySet());
        List<RoutingRule> rules = config.routingRules().stream()
                .map(r -> new RoutingRule(r.name(), r.when(),
                        r.route() == null ? null : targets(List.of(r.route())).get(0), r.model(), targets(r.fallbacks())))
                .toList();
        RequestRouter router = new RequestRouter(routes, RuleSet.compile(rules), clock, config.timeZone(), metrics);
        return new Gateway(config.server(), routes, router, Map.copyOf(providers), usageMeter, metrics,
                new LocalKeyHealth(), governance);
    }

    private static List<Target> targets(List<TargetConfig> targets) {
        return targets.stream().map(t -> new Target(t.provider(), t.model(), t.weight(), t.key())).toList();
    }

    public ProviderRuntime provider(String name) {
        return providers.get(name);
    }

    /** The wire-format type of a configured provider ({@code openai}, {@code bedrock}, ...), for pricing. */
    public String providerType(String name) {
        ProviderRuntime provider = providers.get(name);
        return provider == null ? name : provider.adapter().type();
    }
}
