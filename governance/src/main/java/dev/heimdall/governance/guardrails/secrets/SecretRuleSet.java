package dev.heimdall.governance.guardrails.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.heimdall.governance.guardrails.Detector;
import dev.heimdall.governance.guardrails.text.KeywordAutomaton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Secret rules read from gitleaks' TOML format, compiled once and shared by every guardrail engine. A rule that
 * cannot apply to a prompt (it needs a file path, or other rules' findings) or whose regex Java cannot compile is
 * skipped and listed in {@link #skipped()}, so a newer gitleaks file degrades instead of failing start-up.
 * Immutable and thread-safe.
 */
public final class SecretRuleSet {

    /** A rule left out of the set, and why (for a start-up log line). */
    public record SkippedRule(String id, String reason) {
    }

    /**
     * The rule id of a text that would take the rules too long to scan (their regexes backtrack; see
     * {@link ReadBudget}). The finding covers the whole text and takes the secrets action, so a text crafted to slow
     * the scan down is treated as a secret rather than waved through.
     */
    public static final String SCAN_LIMIT_RULE = "secret-scan-limit";

    private static final TomlMapper TOML = new TomlMapper();
    private static final String BUILT_IN = "/dev/heimdall/governance/guardrails/secrets/";

    private final List<SecretRule> rules;
    private final List<SkippedRule> skipped;
    private final KeywordAutomaton keywords;
    private final int[][] rulesByKeyword;

    private SecretRuleSet(List<SecretRule> rules, List<SkippedRule> skipped) {
        this.rules = List.copyOf(rules);
        this.skipped = List.copyOf(skipped);
        Map<String, List<Integer>> byKeyword = new LinkedHashMap<>();
        for (int r = 0; r < rules.size(); r++) {
            for (String keyword : rules.get(r).keywords()) {
                byKeyword.computeIfAbsent(keyword, k -> new ArrayList<>()).add(r);
            }
        }
        this.keywords = byKeyword.isEmpty() ? null : KeywordAutomaton.of(List.copyOf(byKeyword.keySet()));
        this.rulesByKeyword = byKeyword.values().stream()
                .map(list -> list.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
    }

    /** gitleaks' rules as shipped with Heimdall (a selection, see the file's header) and Heimdall's own. */
    public static SecretRuleSet builtIn() {
        return BuiltIn.RULES;
    }

    /**
     * Parses gitleaks configuration documents; a rule in a later document replaces an earlier rule with the same id,
     * and every document's global allowlists apply to the rules of all of them.
     *
     * @throws IllegalArgumentException when a document is not TOML, a rule has no id or a global allowlist's regex
     *                                  does not compile
     */
    public static SecretRuleSet parse(List<String> documents) {
        List<JsonNode> roots = new ArrayList<>();
        for (String document : documents) {
            try {
                roots.add(TOML.readTree(document));
            } catch (IOException e) {
                throw new IllegalArgumentException("secret rules are not valid TOML: " + e.getMessage(), e);
            }
        }
        List<GlobalAllowlist> globals = new ArrayList<>();
        for (JsonNode root : roots) {
            if (root.has("allowlist")) {
                allowlist(root.get("allowlist")).ifPresent(a -> globals.add(new GlobalAllowlist(a, Set.of())));
            }
            for (JsonNode node : root.path("allowlists")) {
                Set<String> targets = Set.copyOf(strings(node.path("targetRules")));
                allowlist(node).ifPresent(a -> globals.add(new GlobalAllowlist(a, targets)));
            }
        }
        Map<String, SecretRule> rules = new LinkedHashMap<>();
        Map<String, SkippedRule> skipped = new LinkedHashMap<>();
        for (JsonNode root : roots) {
            for (JsonNode node : root.path("rules")) {
                String id = node.path("id").asText("");
                if (id.isBlank()) {
                    throw new IllegalArgumentException("a secret rule has no id");
                }
                rules.remove(id);
                skipped.remove(id);
                try {
                    rules.put(id, rule(id, node, globals));
                } catch (IllegalArgumentException e) {
                    skipped.put(id, new SkippedRule(id, e.getMessage()));
                }
            }
        }
        return new SecretRuleSet(new ArrayList<>(rules.values()), new ArrayList<>(skipped.values()));
    }

    public List<SecretRule> rules() {
        return rules;
    }

    public List<SkippedRule> skipped() {
        return skipped;
    }

    /** A detector that runs every rule except the disabled ones. */
    public Detector detector(Set<String> disabledRules) {
        boolean[] enabled = new boolean[rules.size()];
        for (int r = 0; r < rules.size(); r++) {
            enabled[r] = !disabledRules.contains(rules.get(r).id());
        }
        return new SecretDetector(rules, enabled, keywords, rulesByKeyword);
    }

    private static SecretRule rule(String id, JsonNode node, List<GlobalAllowlist> globals) {
        if (node.hasNonNull("path")) {
            throw new IllegalArgumentException("applies to files by path, not to text");
        }
        if (!node.hasNonNull("regex")) {
            throw new IllegalArgumentException("has no regex");
        }
        if (node.path("skipReport").asBoolean(false) || node.has("required")) {
            throw new IllegalArgumentException("is one part of a multi-rule secret");
        }
        NamePrefix.Stripped stripped = NamePrefix.strip(node.get("regex").asText());
        Pattern regex = compile(stripped.regex());
        List<String> keywords = strings(node.path("keywords")).stream()
                .map(k -> k.toLowerCase(Locale.ROOT)).filter(k -> !k.isBlank()).toList();
        List<RuleAllowlist> allowlists = new ArrayList<>();
        for (JsonNode allowlist : node.path("allowlists")) {
            allowlist(allowlist).ifPresent(allowlists::add);
        }
        if (node.has("allowlist")) {
            allowlist(node.get("allowlist")).ifPresent(allowlists::add);
        }
        for (GlobalAllowlist global : globals) {
            if (global.targets().isEmpty() || global.targets().contains(id)) {
                allowlists.add(global.allowlist());
            }
        }
        return new SecretRule(id, node.path("description").asText(""), regex, stripped.nameLength(),
                node.path("secretGroup").asInt(0), node.path("entropy").asDouble(0), keywords, allowlists);
    }

    private static Optional<RuleAllowlist> allowlist(JsonNode node) {
        boolean all = "AND".equalsIgnoreCase(node.path("condition").asText("OR"));
        boolean byLocation = node.has("paths") || node.has("commits");
        List<String> regexes = strings(node.path("regexes"));
        List<String> stopwords = strings(node.path("stopwords"));
        if ((all && byLocation) || (regexes.isEmpty() && stopwords.isEmpty())) {
            return Optional.empty();
        }
        RuleAllowlist.Target target = switch (node.path("regexTarget").asText("secret").toLowerCase(Locale.ROOT)) {
            case "match" -> RuleAllowlist.Target.MATCH;
            case "line" -> RuleAllowlist.Target.LINE;
            default -> RuleAllowlist.Target.SECRET;
        };
        List<Pattern> compiled = new ArrayList<>(regexes.size());
        for (String regex : regexes) {
            compiled.add(compile(regex));
        }
        return Optional.of(new RuleAllowlist(compiled, target, stopwords, all));
    }

    private static Pattern compile(String re2) {
        try {
            return Pattern.compile(Re2Syntax.toJava(re2));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("regex does not compile in Java: " + e.getDescription(), e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        for (JsonNode value : array) {
            values.add(value.asText());
        }
        return values;
    }

    private record GlobalAllowlist(RuleAllowlist allowlist, Set<String> targets) {
    }

    /** Loaded on first use, once per class loader. */
    private static final class BuiltIn {
        static final SecretRuleSet RULES = parse(List.of(resource("gitleaks.toml"), resource("heimdall-secrets.toml")));

        private static String resource(String name) {
            try (InputStream in = SecretRuleSet.class.getResourceAsStream(BUILT_IN + name)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + BUILT_IN + name);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
