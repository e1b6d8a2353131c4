package dev.heimdall.node.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.governance.store.EntityKind;
import java.util.HashSet;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import dev.heimdall.governance.health.BreakerSettings;
import dev.heimdall.governance.health.HealthSettings;
import dev.heimdall.governance.routing.rules.RoutingRule;
import dev.heimdall.governance.routing.rules.RuleCompileException;
import dev.heimdall.governance.routing.rules.RuleSet;
import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the YAML configuration file into an immutable, validated {@link HeimdallConfig}.
 *
 * <p>Environment variables are substituted into string values after parsing ({@code ${VAR}}, {@code ${VAR:-default}},
 * {@code $$} for a literal {@code $}). Everything is checked up front: unknown keys, wrong types, out-of-range numbers
 * and references between sections are rejected with a {@link ConfigException} naming the source and the path. A
 * relative {@code tls.ca-bundle} is resolved against the directory of the file (or the working directory for
 * {@link #parse}).
 */
public final class ConfigLoader {

    private static final List<String> ROOT_KEYS = List.of("server", "providers", "models", "routing-rules", "time-zone",
            "authentication", "storage", "customers", "teams", "access-profiles", "virtual-keys", "admin", "health",
            "guardrails", "cluster", "audit");
    private static final List<String> RULE_KEYS = List.of("name", "when", "route", "model", "fallbacks", "context-fallback");
    private static final List<String> SERVER_KEYS = List.of("host", "port", "max-body-size", "event-loops", "request-timeout",
            "drain-timeout");
    private static final List<String> PROVIDER_KEYS = List.of("type", "base-url", "keys", "auth-header", "auth-prefix", "headers",
            "timeouts", "tls", "proxy", "max-connections", "models", "region", "project", "location", "api-version", "retry",
            "context-windows");
    private static final List<String> PROVIDER_SETTINGS = List.of("region", "project", "location", "api-version");
    private static final List<String> KEY_CREDENTIALS = List.of(ProviderKeyConfig.ACCESS_KEY_ID,
            ProviderKeyConfig.SECRET_ACCESS_KEY, ProviderKeyConfig.SESSION_TOKEN, ProviderKeyConfig.SERVICE_ACCOUNT,
            ProviderKeyConfig.BEARER_TOKEN, ProviderKeyConfig.REGION);
    private static final List<String> KEY_KEYS = List.of("name", "value", "weight", "models", "deployments",
            ProviderKeyConfig.ACCESS_KEY_ID, ProviderKeyConfig.SECRET_ACCESS_KEY, ProviderKeyConfig.SESSION_TOKEN,
            ProviderKeyConfig.SERVICE_ACCOUNT, ProviderKeyConfig.BEARER_TOKEN, ProviderKeyConfig.REGION);
    /** Credentials each key of a type must have, beyond the default of a {@code value} (or a bearer token). */
    private static final Map<String, List<String>> REQUIRED_KEY_CREDENTIALS = Map.of(
            "bedrock", List.of(ProviderKeyConfig.ACCESS_KEY_ID, ProviderKeyConfig.SECRET_ACCESS_KEY),
            "vertex", List.of(ProviderKeyConfig.SERVICE_ACCOUNT));
    private static final List<String> TIMEOUT_KEYS = List.of("connect", "first-byte", "idle");
    private static final List<String> RETRY_KEYS = List.of("max-retries", "initial-backoff", "max-backoff");
    private static final List<String> TLS_KEYS = List.of("ca-bundle", "verify-host");
    private static final List<String> PROXY_KEYS = List.of("url", "host", "port", "username", "password");
    private static final List<String> ALIAS_KEYS = List.of("targets", "fallbacks", "context-fallback");
    private static final List<String> HEALTH_KEYS = List.of("window", "window-size", "min-samples", "latency-tolerance",
            "latency-floor", "baseline-window", "circuit-breaker");
    private static final List<String> BREAKER_KEYS = List.of("consecutive-failures", "failure-rate", "minimum-calls",
            "open-for", "probe-interval", "probes-to-close");
    private static final List<String> TARGET_KEYS = List.of("provider", "model", "weight", "key");

    private static final Map<String, URI> DEFAULT_BASE_URLS = Map.of(
            "openai", URI.create("https://api.openai.com"),
            "anthropic", URI.create("https://api.anthropic.com"));
    private static final Pattern PROVIDER_NAME = Pattern.compile("[a-z0-9][a-z0-9-_.]*");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    private static final Pattern DUPLICATE_KEY = Pattern.compile("Duplicate field '(.*)'");
    private static final int MAX_WEIGHT = 1_000_000;
    private static final long MAX_BODY_BYTES = Integer.MAX_VALUE;

    private static final YAMLMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final Set<String> providerTypes;
    private final java.util.function.BiFunction<String, Map<String, String>, String> defaultBaseUrls;
    private final Substitution substitution;

    /**
     * @param providerTypes the provider types this build has adapters for, such as {@code openai} and {@code anthropic}
     * @param env           the environment variables to substitute, usually {@link System#getenv()}
     */
    public ConfigLoader(Set<String> providerTypes, Map<String, String> env) {
        this(providerTypes, (type, settings) -> null, env);
    }

    /**
     * @param defaultBaseUrls the base URL a provider type uses when {@code base-url} is absent, from its settings
     *                        (such as a region); null when the type has none
     */
    public ConfigLoader(Set<String> providerTypes, java.util.function.BiFunction<String, Map<String, String>, String> defaultBaseUrls,
                        Map<String, String> env) {
        this.providerTypes = new TreeSet<>(providerTypes);
        this.defaultBaseUrls = defaultBaseUrls;
        this.substitution = new Substitution(env);
    }

    /** The configuration of an empty file: the server's defaults, no providers, no models. */
    public static HeimdallConfig defaults() {
        return new HeimdallConfig(ServerConfig.defaults(), Map.of(), Map.of());
    }

    /** Reads and validates {@code file}; messages name the file as given. */
    public HeimdallConfig load(Path file) {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "", "expected a readable UTF-8 file, got " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
        return parse(yaml, file.toString(), file.toAbsolutePath().getParent());
    }

    /** Parses and validates {@code yaml}; messages name {@code sourceName}. */
    public HeimdallConfig parse(String yaml, String sourceName) {
        return parse(yaml, sourceName, null);
    }

    /**
     * Validates a configuration already read into a tree, such as entities the admin API stores as JSON; messages
     * name {@code sourceName}.
     */
    public HeimdallConfig parse(JsonNode tree, String sourceName) {
        return parse(tree, sourceName, null);
    }

    private HeimdallConfig parse(String yaml, String source, Path baseDir) {
        return parse(readTree(yaml, source), source, baseDir);
    }

    private HeimdallConfig parse(JsonNode tree, String source, Path baseDir) {
        ConfigNode root = ConfigNode.root(tree, source, substitution);
        if (!root.isPresent()) {
            return defaults();
        }
        root.entries("a mapping with keys " + String.join(", ", ROOT_KEYS));
        root.requireMapping(ROOT_KEYS);
        ServerConfig server = server(root.child("server"));
        Map<String, ProviderConfig> providers = new LinkedHashMap<>();
        root.child("providers").entries("a mapping of provider names to providers")
                .forEach((name, node) -> providers.put(name, provider(name, node, baseDir)));
        Map<String, ModelAliasConfig> models = new LinkedHashMap<>();
        root.child("models").entries("a mapping of alias names to aliases")
                .forEach((name, node) -> models.put(name, alias(name, node, providers)));
        ZoneId timeZone = timeZone(root.child("time-zone"));
        List<RoutingRuleConfig> rules = routingRules(root.child("routing-rules"), providers, models);
        GuardrailsConfig guardrails = GuardrailSection.parse(root.child("guardrails"), providers.keySet());
        GovernanceConfig governance = new GovernanceConfig(
                root.child("authentication").requireMappingThen(List.of("required")).child("required").bool(true),
                storage(root.child("storage")), seeds(root, source, guardrails), routingSections(root));
        return new HeimdallConfig(server, providers, models, rules, timeZone, governance,
                AdminSection.parse(root.child("admin")), health(root.child("health")), guardrails,
                ClusterSection.parse(root.child("cluster")), AuditSection.parse(root.child("audit")));
    }

    private static StorageConfig storage(ConfigNode node) {
        node.requireMapping(List.of("url", "user", "password", "pool-size", "seed"));
        String url = node.child("url").string("a JDBC URL (jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB)",
                StorageConfig.DEFAULT_URL);
        if (!url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
            throw node.child("url").expected("a jdbc:sqlite: or jdbc:postgresql: URL");
        }
        String seed = node.child("seed").string("keep or overwrite", "keep");
        StorageConfig.SeedMode mode = switch (seed) {
            case "keep" -> StorageConfig.SeedMode.KEEP;
            case "overwrite" -> StorageConfig.SeedMode.OVERWRITE;
            default -> throw node.child("seed").expected("keep or overwrite");
        };
        return new StorageConfig(url, node.child("user").string("a user name", null),
                node.child("password").hidden().string("a password", null),
                node.child("pool-size").integer(1, 64, 4), mode);
    }

    /** The routing sections as parsed above, substituted: the base the admin API's routing entities extend. */
    private static ObjectNode routingSections(ConfigNode root) {
        ObjectNode sections = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (String section : List.of("providers", "models", "routing-rules")) {
            if (root.child(section).isPresent()) {
                sections.set(section, root.child(section).resolved());
            }
        }
        return sections;
    }

    /** Governance entities as documents for the admin API's codec, which validates them when the node starts. */
    private static List<SeedEntity> seeds(ConfigNode root, String source, GuardrailsConfig guardrails) {
        List<SeedEntity> seeds = new ArrayList<>();
        mappedSeeds(root.child("guardrails").child("policies"), EntityKind.GUARDRAIL_POLICY, source, seeds);
        mappedSeeds(root.child("customers"), EntityKind.CUSTOMER, source, seeds);
        mappedSeeds(root.child("teams"), EntityKind.TEAM, source, seeds);
        mappedSeeds(root.child("access-profiles"), EntityKind.ACCESS_PROFILE, source, seeds);
        root.child("access-profiles").entries("a mapping of ids to access profiles").values()
                .forEach(profile -> GuardrailSection.checkReference(profile.child("guardrails"), guardrails));
        Set<String> keyNames = new HashSet<>();
        for (ConfigNode key : root.child("virtual-keys").elements("a list of virtual keys")) {
            GuardrailSection.checkReference(key.child("guardrails"), guardrails);
            ConfigNode hiddenKey = key.hidden();
            String name = key.child("name").requiredString("the key's name");
            if (!keyNames.add(name)) {
                throw key.child("name").error("virtual key " + ConfigNode.quote(name) + " is declared twice");
            }
            if (!(key.resolved() instanceof ObjectNode document)) {
                throw key.expected("a mapping");
            }
            String secret = hiddenKey.child("key").requiredString("the key's secret, e.g. \"${VK_NAME}\"");
            if (secret.length() < 20) {
                throw hiddenKey.child("key").error("a virtual key's secret must be at least 20 characters");
            }
            seeds.add(new SeedEntity(EntityKind.VIRTUAL_KEY, name, document, source, key.path()));
        }
        return seeds;
    }

    private static void mappedSeeds(ConfigNode section, EntityKind kind, String source, List<SeedEntity> seeds) {
        section.entries("a mapping of ids to " + kind.path()).forEach((id, node) -> {
            if (!(node.resolved() instanceof ObjectNode document)) {
                throw node.expected("a mapping");
            }
            document.put("id", id);
            seeds.add(new SeedEntity(kind, id, document, source, node.path()));
        });
    }


    private static HealthSettings health(ConfigNode node) {
        node.requireMapping(HEALTH_KEYS);
        HealthSettings defaults = HealthSettings.DEFAULT;
        ConfigNode breaker = node.child("circuit-breaker");
        breaker.requireMapping(BREAKER_KEYS);
        BreakerSettings breakerDefaults = defaults.breaker();
        return new HealthSettings(
                node.child("window").duration(defaults.window()),
                node.child("window-size").integer(1, 10_000, defaults.windowSize()),
                node.child("min-samples").integer(1, 10_000, defaults.minSamples()),
                node.child("latency-tolerance").number(1, 1_000, defaults.latencyTolerance()),
                node.child("latency-floor").duration(defaults.latencyFloor()),
                node.child("baseline-window").duration(defaults.baselineWindow()),
                new BreakerSettings(
                        breaker.child("consecutive-failures").integer(1, 10_000, breakerDefaults.consecutiveFailures()),
                        breaker.child("failure-rate").number(0.01, 1, breakerDefaults.failureRate()),
                        breaker.child("minimum-calls").integer(1, 10_000, breakerDefaults.minimumCalls()),
                        breaker.child("open-for").duration(breakerDefaults.openFor()),
                        breaker.child("probe-interval").duration(breakerDefaults.probeInterval()),
                        breaker.child("probes-to-close").integer(1, 1_000, breakerDefaults.probesToClose())));
    }

    private static ZoneId timeZone(ConfigNode node) {
        String zone = node.string("a time zone such as Europe/Berlin or UTC", null);
        if (zone == null) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw node.expected("a time zone such as Europe/Berlin or UTC");
        }
    }

    private static List<RoutingRuleConfig> routingRules(ConfigNode node, Map<String, ProviderConfig> providers,
                                                        Map<String, ModelAliasConfig> models) {
        List<RoutingRuleConfig> rules = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        for (ConfigNode rule : node.elements("a list of routing rules, each with a name, a condition and a route")) {
            if (!rule.isPresent()) {
                throw rule.expected("a routing rule with a name, a condition (when) and a route or a model");
            }
            rule.requireMapping(RULE_KEYS);
            ConfigNode nameNode = rule.child("name");
            String name = nameNode.requiredString("a rule name");
            if (!names.add(name)) {
                throw nameNode.error("expected a rule name unique among the rules, got " + ConfigNode.quote(name) + " again");
            }
            ConfigNode whenNode = rule.child("when");
            String when = whenNode.requiredString("a CEL condition, such as 'key.team == \"compliance\"'");
            ConfigNode routeNode = rule.child("route");
            ConfigNode modelNode = rule.child("model");
            if (routeNode.isPresent() == modelNode.isPresent()) {
                throw rule.expected("exactly one of route (a provider and a model) or model (an alias or provider/model)");
            }
            TargetConfig route = routeNode.isPresent() ? target(routeNode, providers) : null;
            String model = null;
            if (modelNode.isPresent()) {
                model = modelNode.requiredString("an alias or provider/model");
                int slash = model.indexOf('/');
                boolean known = models.containsKey(model)
                        || slash > 0 && slash < model.length() - 1 && providers.containsKey(model.substring(0, slash));
                if (!known) {
                    throw modelNode.error("expected an alias or provider/model of a configured provider, got "
                            + ConfigNode.quote(model));
                }
            }
            List<TargetConfig> fallbacks = rule.child("fallbacks").isPresent()
                    ? targets(rule.child("fallbacks"), providers) : List.of();
            try {
                RuleSet.compile(List.of(new RoutingRule(name, when, dev.heimdall.governance.routing.Target.of("p", "m"), null, List.of())));
            } catch (RuleCompileException e) {
                throw whenNode.error("expected a boolean CEL condition over request, key, time and budget: "
                        + e.getMessage().substring(e.getMessage().indexOf(':') + 1).strip().replace('\n', ' '));
            }
            rules.add(new RoutingRuleConfig(name, when, route, model, fallbacks, contextFallback(rule, providers)));
        }
        return rules;
    }

    private static JsonNode readTree(String yaml, String source) {
        try (JsonParser parser = YAML.createParser(yaml)) {
            JsonNode first = YAML.readTree(parser);
            if (first != null && parser.nextToken() != null) {
                throw new ConfigException(source, "line " + parser.currentLocation().getLineNr(),
                        "expected a single YAML document, got another one");
            }
            return first;
        } catch (JsonProcessingException e) {
            throw syntaxError(source, e);
        } catch (IOException e) {
            throw new ConfigException(source, "", "expected YAML, got " + e.getClass().getSimpleName());
        }
    }

    /** Names the line and column but leaves out the snippet of the file that parsers quote, which may hold a secret. */
    private static ConfigException syntaxError(String source, JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            String context = yaml.getContext() == null ? "" : yaml.getContext() + ": ";
            return new ConfigException(source, "line " + (yaml.getProblemMark().getLine() + 1) + ", column "
                    + (yaml.getProblemMark().getColumn() + 1), "invalid YAML, " + context + yaml.getProblem());
        }
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
        Matcher duplicate = DUPLICATE_KEY.matcher(e.getOriginalMessage());
        return new ConfigException(source, where, duplicate.matches()
                ? "expected each key once in a mapping, got " + ConfigNode.quote(duplicate.group(1)) + " again"
                : "invalid YAML, " + e.getOriginalMessage());
    }

    // ---- server

    private static ServerConfig server(ConfigNode node) {
        node.requireMapping(SERVER_KEYS);
        ServerConfig defaults = ServerConfig.defaults();
        ConfigNode host = node.child("host");
        String hostName = host.isPresent() ? host.requiredString("a host name or IP address") : defaults.host();
        if (hostName.chars().anyMatch(Character::isWhitespace)) {
            throw host.expected("a host name or IP address");
        }
        return new ServerConfig(
                hostName,
                node.child("port").integer(0, 65535, defaults.port()),
                node.child("max-body-size").size(1, MAX_BODY_BYTES, defaults.maxBodyBytes()),
                node.child("event-loops").integer(1, 1024, defaults.eventLoops()),
                node.child("request-timeout").duration(defaults.requestTimeout()),
                node.child("drain-timeout").duration(defaults.drainTimeout()));
    }

    // ---- providers

    private ProviderConfig provider(String name, ConfigNode node, Path baseDir) {
        if (!PROVIDER_NAME.matcher(name).matches()) {
            throw node.error("expected a provider name matching " + PROVIDER_NAME.pattern() + ", got " + ConfigNode.quote(name));
        }
        if (!node.isPresent()) {
            throw node.expected("a provider with keys " + String.join(", ", PROVIDER_KEYS));
        }
        node.requireMapping(PROVIDER_KEYS);
        ConfigNode typeNode = node.child("type");
        String types = "one of " + String.join(", ", providerTypes);
        String type = typeNode.requiredString(types);
        if (!providerTypes.contains(type)) {
            throw typeNode.expected(types);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String setting : PROVIDER_SETTINGS) {
            String value = node.child(setting).string("a string", null);
            if (value != null) {
                settings.put(setting, value);
            }
        }
        ConfigNode baseUrlNode = node.child("base-url");
        URI baseUrl;
        String adapterDefault = defaultBaseUrls.apply(type, settings);
        if (baseUrlNode.isPresent()) {
            baseUrl = baseUrl(baseUrlNode);
        } else if (adapterDefault != null) {
            baseUrl = URI.create(adapterDefault);
        } else if (DEFAULT_BASE_URLS.containsKey(type)) {
            baseUrl = DEFAULT_BASE_URLS.get(type);
        } else {
            throw baseUrlNode.expected("an http or https URL (type " + type + " has no default)");
        }
        ConfigNode authHeader = node.child("auth-header");
        String authHeaderName = authHeader.string("a header name", null);
        if (authHeaderName != null && !HEADER_NAME.matcher(authHeaderName).matches()) {
            throw authHeader.expected("a header name");
        }
        ConfigNode authPrefix = node.child("auth-prefix").hidden();
        String authPrefixText = authPrefix.string("a string", null);
        if (authPrefixText != null && hasLineBreak(authPrefixText)) {
            throw authPrefix.expected("a string without line breaks");
        }
        return new ProviderConfig(name, type, baseUrl,
                keys(node.child("keys").hidden(), REQUIRED_KEY_CREDENTIALS.getOrDefault(type, List.of())),
                authHeaderName,
                authPrefixText,
                headers(node.child("headers")),
                timeouts(node.child("timeouts")),
                tls(node.child("tls"), baseDir),
                proxy(node.child("proxy").hidden()),
                node.child("max-connections").integer(1, 100_000, ProviderConfig.DEFAULT_MAX_CONNECTIONS),
                node.child("models").stringList("a model name"),
                settings,
                retry(node.child("retry")),
                contextWindows(node.child("context-windows")));
    }

    private static Map<String, Integer> contextWindows(ConfigNode node) {
        Map<String, Integer> windows = new LinkedHashMap<>();
        node.entries("a mapping of model names to context windows in tokens")
                .forEach((model, tokens) -> windows.put(model, tokens.integer(1, 100_000_000, null)));
        return windows;
    }

    private static URI baseUrl(ConfigNode node) {
        String what = "an http or https URL with a host, such as https://api.openai.com";
        String text = node.requiredString(what).strip();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw node.expected(what);
        }
        if (uri.getRawUserInfo() != null) {
            throw node.hidden().expected("a URL without user info (put credentials in keys)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw node.expected(what);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw node.expected("a URL without a query or fragment");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    private static List<ProviderKeyConfig> keys(ConfigNode node, List<String> requiredCredentials) {
        List<ProviderKeyConfig> keys = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        for (ConfigNode key : node.elements("a list of keys, each with a name and a value")) {
            if (!key.isPresent()) {
                throw key.expected("a key with a name and a value");
            }
            key.requireMapping(KEY_KEYS);
            ConfigNode fields = key.shown();
            ConfigNode nameNode = fields.child("name");
            String name = nameNode.requiredString("a key name");
            if (!names.add(name)) {
                throw nameNode.error("expected a key name unique within the provider, got " + ConfigNode.quote(name) + " again");
            }
            Map<String, String> credentials = new LinkedHashMap<>();
            for (String kind : KEY_CREDENTIALS) {
                String credential = key.child(kind).string("a non-empty string", null);
                if (credential != null) {
                    credentials.put(kind, credential);
                }
            }
            for (String kind : requiredCredentials) {
                if (!credentials.containsKey(kind)) {
                    throw key.child(kind).expected("a " + kind + " (this provider type needs " + String.join(" and ", requiredCredentials) + ")");
                }
            }
            String value = requiredCredentials.isEmpty() && !credentials.containsKey(ProviderKeyConfig.BEARER_TOKEN)
                    ? key.child("value").requiredString("a non-empty key value, such as \"${OPENAI_API_KEY}\"")
                    : key.child("value").string("a non-empty key value", null);
            keys.add(new ProviderKeyConfig(name, value,
                    fields.child("weight").integer(1, MAX_WEIGHT, 1),
                    fields.child("models").stringList("a model name"),
                    credentials,
                    stringMap(fields.child("deployments"), "a mapping of model names to deployment names")));
        }
        return keys;
    }

    private static Map<String, String> headers(ConfigNode node) {
        Map<String, String> headers = new LinkedHashMap<>();
        node.entries("a mapping of header names to values").forEach((name, valueNode) -> {
            if (!HEADER_NAME.matcher(name).matches()) {
                throw valueNode.error("expected a header name, got " + ConfigNode.quote(name));
            }
            ConfigNode hidden = valueNode.hidden();
            String value = hidden.string("a string", null);
            if (value == null || hasLineBreak(value)) {
                throw hidden.expected("a string without line breaks");
            }
            headers.put(name, value);
        });
        return headers;
    }

    private static Map<String, String> stringMap(ConfigNode node, String what) {
        Map<String, String> map = new LinkedHashMap<>();
        if (!node.isPresent()) {
            return map;
        }
        node.entries(what).forEach((name, valueNode) -> map.put(name, valueNode.requiredString("a string")));
        return map;
    }

    private static TimeoutsConfig timeouts(ConfigNode node) {
        node.requireMapping(TIMEOUT_KEYS);
        TimeoutsConfig defaults = TimeoutsConfig.DEFAULT;
        return new TimeoutsConfig(
                node.child("connect").duration(defaults.connect()),
                node.child("first-byte").duration(defaults.firstByte()),
                node.child("idle").duration(defaults.idle()));
    }

    private static RetryConfig retry(ConfigNode node) {
        node.requireMapping(RETRY_KEYS);
        RetryConfig defaults = RetryConfig.DEFAULT;
        ConfigNode maxBackoff = node.child("max-backoff");
        RetryConfig retry = new RetryConfig(
                node.child("max-retries").integer(0, 10, defaults.maxRetries()),
                node.child("initial-backoff").duration(defaults.initialBackoff()),
                maxBackoff.duration(defaults.maxBackoff()));
        if (retry.maxBackoff().compareTo(retry.initialBackoff()) < 0) {
            throw maxBackoff.expected("a duration no shorter than initial-backoff (" + retry.initialBackoff().toMillis() + "ms)");
        }
        return retry;
    }

    private static TlsConfig tls(ConfigNode node, Path baseDir) {
        node.requireMapping(TLS_KEYS);
        ConfigNode caBundle = node.child("ca-bundle");
        String caText = caBundle.string("a path to a PEM file", null);
        Path ca = null;
        if (caText != null) {
            ca = baseDir == null ? Path.of(caText) : baseDir.resolve(caText);
            checkCaBundle(caBundle, ca);
        }
        return new TlsConfig(ca, node.child("verify-host").bool(true));
    }

    private static void checkCaBundle(ConfigNode node, Path ca) {
        String what = "a readable PEM file of CA certificates";
        if (!Files.isRegularFile(ca) || !Files.isReadable(ca)) {
            throw node.error("expected " + what + ", got " + ConfigNode.quote(ca.toString())
                    + (Files.exists(ca) ? ", which cannot be read" : ", which does not exist"));
        }
        try (InputStream in = Files.newInputStream(ca)) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                throw node.error("expected " + what + ", got " + ConfigNode.quote(ca.toString()) + ", which holds no certificate");
            }
        } catch (IOException | CertificateException e) {
            throw node.error("expected " + what + ", got " + ConfigNode.quote(ca.toString()) + ", which is not one");
        }
    }

    private static ProxyConfig proxy(ConfigNode node) {
        if (!node.isPresent()) {
            return null;
        }
        node.requireMapping(PROXY_KEYS);
        ConfigNode url = node.child("url");
        ConfigNode fields = node.shown();
        if (!url.isPresent()) {
            ConfigNode password = node.child("password");
            String username = fields.child("username").string("a user name", null);
            String passwordText = password.string("a password", null);
            if (passwordText != null && username == null) {
                throw password.error("expected a username beside the password, got none");
            }
            return new ProxyConfig(fields.child("host").requiredString("a proxy host name (or a url)"),
                    fields.child("port").integer(1, 65535, null), username, passwordText);
        }
        for (String field : List.of("host", "port", "username", "password")) {
            if (node.child(field).isPresent()) {
                throw node.child(field).error("expected either url or host, port, username and password, got both url and " + field);
            }
        }
        String what = "an http proxy URL with a host and a port, such as http://user:pass@proxy.example:3128";
        URI uri;
        try {
            uri = new URI(url.requiredString(what).strip());
        } catch (URISyntaxException e) {
            throw url.expected(what + " (percent-encode special characters in the user info, or use host, port, username"
                    + " and password)");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw url.expected(what);
        }
        String username = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String userInfo = uri.getRawUserInfo();
            int colon = userInfo.indexOf(':');
            username = percentDecode(url, colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : percentDecode(url, userInfo.substring(colon + 1));
        }
        return new ProxyConfig(uri.getHost(), uri.getPort(), username, password);
    }

    private static String percentDecode(ConfigNode node, String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            int value = i + 2 < text.length() ? parseHex(text.charAt(i + 1), text.charAt(i + 2)) : -1;
            if (value < 0) {
                throw node.expected("a URL whose user info is percent-encoded");
            }
            bytes.write(value);
            i += 2;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int parseHex(char high, char low) {
        int h = Character.digit(high, 16);
        int l = Character.digit(low, 16);
        return h < 0 || l < 0 ? -1 : h * 16 + l;
    }

    private static boolean hasLineBreak(String text) {
        return text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0 || text.indexOf('\0') >= 0;
    }

    // ---- model aliases

    private static ModelAliasConfig alias(String name, ConfigNode node, Map<String, ProviderConfig> providers) {
        if (name.isBlank() || name.contains("/")) {
            throw node.error("expected an alias name without \"/\" (provider/model names address a provider directly), got "
                    + ConfigNode.quote(name));
        }
        if (providers.containsKey(name)) {
            throw node.error("expected an alias name that is not also a provider name, got " + ConfigNode.quote(name)
                    + ", the name of a provider");
        }
        if (!node.isPresent()) {
            throw node.expected("an alias with keys " + String.join(", ", ALIAS_KEYS));
        }
        node.requireMapping(ALIAS_KEYS);
        ConfigNode targetsNode = node.child("targets");
        List<TargetConfig> targets = targets(targetsNode, providers);
        if (targets.isEmpty()) {
            throw targetsNode.expected("a non-empty list of targets, each with a provider and a model");
        }
        if (targets.stream().noneMatch(t -> t.weight() > 0)) {
            throw targetsNode.error("expected at least one target with a weight above 0, got only weights of 0");
        }
        return new ModelAliasConfig(name, targets, targets(node.child("fallbacks"), providers),
                contextFallback(node, providers));
    }

    private static TargetConfig contextFallback(ConfigNode parent, Map<String, ProviderConfig> providers) {
        ConfigNode node = parent.child("context-fallback");
        return node.isPresent() ? target(node, providers) : null;
    }

    private static List<TargetConfig> targets(ConfigNode node, Map<String, ProviderConfig> providers) {
        List<TargetConfig> targets = new ArrayList<>();
        for (ConfigNode target : node.elements("a list of targets, each with a provider and a model")) {
            targets.add(target(target, providers));
        }
        return targets;
    }

    private static TargetConfig target(ConfigNode target, Map<String, ProviderConfig> providers) {
        if (!target.isPresent()) {
            throw target.expected("a target with a provider and a model");
        }
        target.requireMapping(TARGET_KEYS);
        ConfigNode providerNode = target.child("provider");
        String providerName = providerNode.requiredString("a provider name");
        ProviderConfig provider = providers.get(providerName);
        if (provider == null) {
            throw providerNode.error("unknown provider " + ConfigNode.quote(providerName) + "; configured providers: "
                    + namesOrNone(providers.keySet()));
        }
        ConfigNode modelNode = target.child("model");
        String model = modelNode.requiredString("a model name");
        int weight = target.child("weight").integer(0, MAX_WEIGHT, 1);
        ConfigNode keyNode = target.child("key");
        String keyName = keyNode.string("a key name", null);
        if (keyName != null) {
            ProviderKeyConfig key = provider.keys().stream().filter(k -> k.name().equals(keyName)).findFirst()
                    .orElseThrow(() -> keyNode.error("unknown key " + ConfigNode.quote(keyName) + " of provider "
                            + ConfigNode.quote(providerName) + "; its keys: "
                            + namesOrNone(provider.keys().stream().map(ProviderKeyConfig::name).toList())));
            if (!key.serves(model)) {
                throw keyNode.error("expected a key that serves model " + ConfigNode.quote(model) + ", got key "
                        + ConfigNode.quote(keyName) + ", which serves only " + String.join(", ", key.models()));
            }
        } else if (!provider.keys().isEmpty() && provider.keys().stream().noneMatch(k -> k.serves(model))) {
            throw modelNode.error("expected a model that a key of provider " + ConfigNode.quote(providerName)
                    + " serves, got " + ConfigNode.quote(model) + ", which none of its keys lists");
        }
        return new TargetConfig(providerName, model, weight, keyName);
    }

    private static String namesOrNone(Collection<String> names) {
        return names.isEmpty() ? "(none)" : names.stream().collect(Collectors.joining(", "));
    }
}
