package dev.heimdall.node.config;

import dev.heimdall.cluster.membership.ClusterSettings;
import dev.heimdall.governance.health.HealthSettings;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The whole, validated configuration of a node: one immutable tree. Both maps keep the order of the file.
 *
 * @param server    the HTTP server
 * @param providers upstream providers by name
 * @param models    model aliases by the name clients ask for
 * @param routingRules routing rules, first match wins
 * @param timeZone  the zone that rules' time of day and budget periods are read in; UTC by default
 * @param governance authentication, storage, and the governance entities the file declares
 * @param admin     the admin API's tokens and listener
 * @param health    how targets' health is scored and when their circuits open
 * @param guardrails the default guardrail policy and the named ones
 * @param cluster   the cluster this node joins; a cluster of one without the section
 * @param audit     the audit log
 */
public record HeimdallConfig(ServerConfig server, Map<String, ProviderConfig> providers, Map<String, ModelAliasConfig> models,
                             List<RoutingRuleConfig> routingRules, ZoneId timeZone, GovernanceConfig governance,
                             AdminConfig admin, HealthSettings health, GuardrailsConfig guardrails,
                             ClusterSettings cluster, AuditConfig audit) {

    public HeimdallConfig {
        Objects.requireNonNull(server, "server");
        providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
        models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
        routingRules = routingRules == null ? List.of() : List.copyOf(routingRules);
        timeZone = timeZone == null ? ZoneOffset.UTC : timeZone;
        governance = governance == null ? GovernanceConfig.defaults() : governance;
        admin = admin == null ? AdminConfig.NONE : admin;
        health = health == null ? HealthSettings.DEFAULT : health;
        guardrails = guardrails == null ? GuardrailsConfig.NONE : guardrails;
        cluster = cluster == null ? ClusterSettings.alone() : cluster;
        audit = audit == null ? AuditConfig.defaults() : audit;
    }

    public HeimdallConfig(ServerConfig server, Map<String, ProviderConfig> providers, Map<String, ModelAliasConfig> models) {
        this(server, providers, models, List.of(), ZoneOffset.UTC, GovernanceConfig.defaults(), AdminConfig.NONE,
                HealthSettings.DEFAULT, GuardrailsConfig.NONE, ClusterSettings.alone(), AuditConfig.defaults());
    }
}
