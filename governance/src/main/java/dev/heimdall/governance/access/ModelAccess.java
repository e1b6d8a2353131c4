package dev.heimdall.governance.access;

import dev.heimdall.governance.routing.FallbackPlan;
import dev.heimdall.governance.routing.Target;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Which providers and models one virtual key may use, compiled once from its effective policy.
 *
 * <p>A target passes when its provider is on the provider list and either {@code provider/model} or the alias the
 * client asked for is on the model list: naming an alias in the list allows whatever it routes to, and naming
 * {@code groq/*} allows every groq model, however the client reached it. Checking the routed targets rather than only
 * the requested name means no alias, routing rule or fallback can lead a key to a model it may not use.
 */
public final class ModelAccess {

    public static final ModelAccess UNRESTRICTED = new ModelAccess("", AllowList.EVERYTHING, AllowList.EVERYTHING);

    private final String keyName;
    private final AllowList providers;
    private final AllowList models;

    private ModelAccess(String keyName, AllowList providers, AllowList models) {
        this.keyName = keyName;
        this.providers = providers;
        this.models = models;
    }

    /**
     * @param keyName          names the key in denials
     * @param allowedProviders provider names or patterns; null allows every provider
     * @param allowedModels    {@code provider/model} names, alias names or patterns; null allows every model
     */
    public static ModelAccess of(String keyName, List<String> allowedProviders, List<String> allowedModels) {
        if (allowedProviders == null && allowedModels == null) {
            return UNRESTRICTED;
        }
        return new ModelAccess(keyName, new AllowList(allowedProviders), new AllowList(allowedModels));
    }

    public boolean unrestricted() {
        return providers.unrestricted() && models.unrestricted();
    }

    /** @param alias the alias the client asked for, or null when it named the target directly */
    public boolean allows(String alias, String provider, String model) {
        if (!providers.allows(provider)) {
            return false;
        }
        if (models.unrestricted() || (alias != null && models.allows(alias))) {
            return true;
        }
        return models.allows(provider + "/" + model);
    }

    /**
     * Keeps the targets of {@code plan} this key may use; denied when none is left. A plan whose first choice is
     * denied but whose fallback is allowed goes to the fallback: the policy narrows routing rather than failing a
     * request that has an allowed way to be served.
     */
    public AccessDecision check(FallbackPlan plan) {
        if (unrestricted()) {
            return new AccessDecision.Allowed(plan);
        }
        List<Target> attempts = plan.attempts();
        List<Target> allowed = null;
        for (int i = 0; i < attempts.size(); i++) {
            Target target = attempts.get(i);
            boolean ok = allows(plan.alias(), target.provider(), target.model());
            if (!ok && allowed == null) {
                allowed = new ArrayList<>(attempts.subList(0, i));
            } else if (ok && allowed != null) {
                allowed.add(target);
            }
        }
        if (allowed == null) {
            return new AccessDecision.Allowed(plan);
        }
        if (allowed.isEmpty()) {
            return new AccessDecision.Denied(denial(plan));
        }
        return new AccessDecision.Allowed(new FallbackPlan(plan.requestedModel(), plan.alias(), allowed));
    }

    private String denial(FallbackPlan plan) {
        Target first = plan.primary();
        String key = "virtual key '" + keyName + "'";
        if (plan.alias() == null) {
            if (!providers.allows(first.provider())) {
                return key + " may not use provider '" + first.provider() + "' (allowed providers: "
                        + providers.describe() + ")";
            }
            return key + " may not use model '" + first.qualifiedName() + "' (allowed: " + models.describe() + ")";
        }
        StringJoiner targets = new StringJoiner(", ");
        for (Target target : plan.attempts()) {
            targets.add(target.qualifiedName());
        }
        StringBuilder message = new StringBuilder(key).append(" may not use model '").append(plan.alias())
                .append("': none of its targets (").append(targets).append(") is allowed (");
        if (!providers.unrestricted()) {
            message.append("allowed providers: ").append(providers.describe());
            if (!models.unrestricted()) {
                message.append("; ");
            }
        }
        if (!models.unrestricted()) {
            message.append("allowed: ").append(models.describe());
        }
        return message.append(')').toString();
    }
}
