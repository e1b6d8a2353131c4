package dev.heimdall.governance.keys;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * An immutable, validated view of customers, teams, access profiles and virtual keys, rebuilt whenever one of them
 * changes and swapped in whole, so a request sees one consistent state. Authentication is one hash and one map
 * lookup; the key's {@link KeyContext} and its {@link Authentication.Authenticated} answer are built here, not per
 * request.
 */
public final class GovernanceSnapshot {

    public static final GovernanceSnapshot EMPTY = of(List.of(), List.of(), List.of(), List.of());

    /** A secret's hash resolves to a key through its current or its previous secret. */
    private record Secret(VirtualKey key, Authentication.Authenticated authenticated) {
    }

    private final Map<String, Customer> customers;
    private final Map<String, Team> teams;
    private final Map<String, AccessProfile> profiles;
    private final Map<String, KeyContext> contexts;
    private final Map<KeyHash, Secret> secrets;

    private GovernanceSnapshot(Map<String, Customer> customers, Map<String, Team> teams,
                               Map<String, AccessProfile> profiles, Map<String, KeyContext> contexts,
                               Map<KeyHash, Secret> secrets) {
        this.customers = customers;
        this.teams = teams;
        this.profiles = profiles;
        this.contexts = contexts;
        this.secrets = secrets;
    }

    /**
     * @throws IllegalArgumentException naming the entity when an id is used twice, a reference points nowhere, two
     *                                  keys share a secret or an owner has two budgets of one name
     */
    public static GovernanceSnapshot of(Collection<Customer> customers, Collection<Team> teams,
                                        Collection<AccessProfile> profiles, Collection<VirtualKey> keys) {
        Map<String, Customer> customerById = byId(customers, Customer::id, "customer");
        Map<String, Team> teamById = byId(teams, Team::id, "team");
        Map<String, AccessProfile> profileById = byId(profiles, AccessProfile::id, "access profile");
        Map<String, VirtualKey> keyById = byId(keys, VirtualKey::id, "virtual key");

        for (Team team : teamById.values()) {
            if (team.customerId() != null) {
                referenced(customerById, team.customerId(), "team '" + team.id() + "' belongs to customer");
            }
        }
        Map<String, KeyContext> contexts = new LinkedHashMap<>();
        Map<KeyHash, Secret> secrets = new HashMap<>();
        for (VirtualKey key : keyById.values()) {
            String subject = "virtual key '" + key.id() + "'";
            Team team = key.teamId() == null ? null
                    : referenced(teamById, key.teamId(), subject + " belongs to team");
            AccessProfile profile = key.profileId() == null ? null
                    : referenced(profileById, key.profileId(), subject + " uses access profile");
            Customer customer = team == null || team.customerId() == null ? null : customerById.get(team.customerId());
            KeyContext context = KeyContext.of(key, profile, team, customer);
            contexts.put(key.id(), context);
            Authentication.Authenticated authenticated = new Authentication.Authenticated(context);
            register(secrets, key.hash(), new Secret(key, authenticated));
            if (key.previousHash() != null) {
                register(secrets, key.previousHash(), new Secret(key, authenticated));
            }
        }
        return new GovernanceSnapshot(Map.copyOf(customerById), Map.copyOf(teamById), Map.copyOf(profileById),
                Map.copyOf(contexts), Map.copyOf(secrets));
    }

    /**
     * Decides what a presented secret is worth at {@code now}. A previous secret past its grace period is unknown,
     * not disabled or expired: to the client it is simply no longer a key.
     */
    public Authentication authenticate(String presentedSecret, Instant now) {
        if (presentedSecret == null || presentedSecret.isEmpty()) {
            return Authentication.UNKNOWN;
        }
        KeyHash hash = KeyHash.of(presentedSecret);
        Secret secret = secrets.get(hash);
        if (secret == null || !secret.key().accepts(hash, now)) {
            return Authentication.UNKNOWN;
        }
        VirtualKey key = secret.key();
        if (!key.enabled()) {
            return new Authentication.Disabled(key);
        }
        if (!key.activeAt(now)) {
            return new Authentication.Expired(key);
        }
        return secret.authenticated();
    }

    /** The context of a key by id, whatever its state: for the admin and self-service views. */
    public Optional<KeyContext> context(String keyId) {
        return Optional.ofNullable(contexts.get(keyId));
    }

    public Collection<KeyContext> contexts() {
        return contexts.values();
    }

    public Optional<Customer> customer(String id) {
        return Optional.ofNullable(customers.get(id));
    }

    public Optional<Team> team(String id) {
        return Optional.ofNullable(teams.get(id));
    }

    public Optional<AccessProfile> profile(String id) {
        return Optional.ofNullable(profiles.get(id));
    }

    private static <T> T referenced(Map<String, T> byId, String id, String reference) {
        T entity = byId.get(id);
        if (entity == null) {
            throw new IllegalArgumentException(reference + " '" + id + "', which does not exist");
        }
        return entity;
    }

    private static void register(Map<KeyHash, Secret> secrets, KeyHash hash, Secret secret) {
        Secret other = secrets.putIfAbsent(hash, secret);
        if (other != null) {
            throw new IllegalArgumentException("virtual keys '" + other.key().id() + "' and '" + secret.key().id()
                    + "' have the same secret");
        }
    }

    private static <T> Map<String, T> byId(Collection<T> entities, Function<T, String> id, String kind) {
        Map<String, T> byId = new LinkedHashMap<>();
        for (T entity : entities) {
            if (byId.putIfAbsent(id.apply(entity), entity) != null) {
                throw new IllegalArgumentException(kind + " '" + id.apply(entity) + "' is defined twice");
            }
        }
        return byId;
    }
}
