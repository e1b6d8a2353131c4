package dev.heimdall.node.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heimdall.governance.guardrails.Action;
import dev.heimdall.governance.guardrails.Category;
import dev.heimdall.governance.store.EntityKind;
import dev.heimdall.governance.store.json.DocumentException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardrailConfigTest {

    private final ConfigLoader loader = new ConfigLoader(Set.of("openai"), Map.of());

    private static final String PROVIDER = """
            providers:
              openai: { type: openai, base-url: "https://api.openai.com", keys: [ { name: k, value: sk-1 } ] }
            """;

    @Test
    void readsTheDefaultPolicyAtTheTopAndNamedPoliciesBelowIt() {
        GuardrailsConfig guardrails = loader.parse(PROVIDER + """
                guardrails:
                  secrets: block
                  pii: redact
                  rules: { email: flag, generic-api-key: off, ipv4: "off" }
                  deny-list: { action: block, terms: [ "project falcon" ] }
                  custom: [ { name: employee-id, pattern: "EMP-\\\\d{6}", action: redact } ]
                  output: true
                  stream-window: 512
                  moderation: { provider: openai, timeout: 500ms, on-flagged: flag, fail-open: true }
                  policies:
                    strict: { secrets: block, pii: block }
                    lenient: { secrets: flag, pii: off }
                """, "heimdall.yaml").guardrails();
        GuardrailPolicyConfig fallback = guardrails.defaultPolicy();
        assertThat(fallback.rules().categories()).containsEntry(Category.SECRETS, Action.BLOCK)
                .containsEntry(Category.PII, Action.REDACT).containsEntry(Category.DENY_LIST, Action.BLOCK);
        assertThat(fallback.rules().rules()).containsExactlyEntriesOf(Map.of("email", Action.FLAG));
        assertThat(fallback.rules().disabledRules()).containsExactlyInAnyOrder("generic-api-key", "ipv4");
        assertThat(fallback.rules().denyList()).containsExactly("project falcon");
        assertThat(fallback.rules().customRules()).singleElement()
                .satisfies(rule -> assertThat(rule.pattern()).isEqualTo("EMP-\\d{6}"));
        assertThat(fallback.rules().streamWindow()).isEqualTo(512);
        assertThat(fallback.output()).isTrue();
        assertThat(fallback.moderation().provider()).isEqualTo("openai");
        assertThat(fallback.moderation().policy().onFlagged()).isEqualTo(Action.FLAG);
        assertThat(fallback.moderation().policy().timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(fallback.moderation().policy().failOpen()).isTrue();

        assertThat(guardrails.policies()).containsOnlyKeys("strict", "lenient");
        assertThat(guardrails.policies().get("lenient").rules().scans(Category.PII)).isFalse();
        assertThat(guardrails.policies().get("strict").output()).isFalse();
    }

    @Test
    void namedPoliciesAreSeededAsGuardrailPolicyDocuments() {
        HeimdallConfig config = loader.parse("""
                guardrails:
                  policies:
                    strict: { pii: block, moderation: { url: "http://127.0.0.1:9000/v1/moderations" } }
                virtual-keys:
                  - { name: careful, key: hk-0123456789abcdefghij, guardrails: strict }
                """, "heimdall.yaml");
        assertThat(config.guardrails().defaultPolicy()).isNull();
        assertThat(config.guardrails().policies().get("strict").moderation().url())
                .isEqualTo(URI.create("http://127.0.0.1:9000/v1/moderations"));
        assertThat(config.guardrails().policies().get("strict").moderation().policy().failOpen()).isFalse();
        SeedEntity seed = config.governance().seeds().get(0);
        assertThat(seed.kind()).isEqualTo(EntityKind.GUARDRAIL_POLICY);
        assertThat(seed.id()).isEqualTo("strict");
        assertThat(GuardrailDocuments.read(seed.document()).rules().categories())
                .containsEntry(Category.PII, Action.BLOCK);
    }

    @Test
    void theReadmeExampleLoads() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("## Guardrails");
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        String example = readme.substring(start, readme.indexOf("```", start));
        HeimdallConfig config = new ConfigLoader(Set.of("openai"), Map.of("VK_LAB", "hk-lab-0123456789abcdefghij"))
                .parse(PROVIDER + example, "README.md");
        assertThat(config.guardrails().policies()).containsOnlyKeys("strict", "research");
        assertThat(config.guardrails().defaultPolicy().rules().customRules().get(0).pattern()).isEqualTo("EMP-\\d{6}");
    }

    @Test
    void withoutTheSectionNothingIsScanned() {
        assertThat(loader.parse("server: { port: 8080 }", "heimdall.yaml").guardrails())
                .isEqualTo(GuardrailsConfig.NONE);
    }

    @Test
    void rejectsMistakesNamingThePath() {
        assertRejected("guardrails: { secrets: block, rules: { aws-acess-token: redact } }",
                "heimdall.yaml: guardrails.rules.aws-acess-token: no guardrail rule has the id \"aws-acess-token\" "
                        + "(see the README for the rule ids)");
        assertRejected("guardrails: { secrets: drop }",
                "heimdall.yaml: guardrails.secrets: expected block, redact, flag or off, got \"drop\"");
        assertRejected("guardrails: { secret: block }",
                "heimdall.yaml: guardrails.secret: unknown key; expected one of secrets, pii, rules, deny-list, custom, "
                        + "output, stream-window, moderation, policies");
        assertRejected("guardrails: { policies: { strict: { secrets: block, policies: {} } } }",
                "heimdall.yaml: guardrails.policies.strict.policies: unknown key; expected one of secrets, pii, rules, "
                        + "deny-list, custom, output, stream-window, moderation");
        assertRejected("guardrails: { custom: [ { name: bad, pattern: \"(unclosed\", action: block } ] }",
                "heimdall.yaml: guardrails.custom[0]: custom guardrail rule bad has an invalid pattern: "
                        + "Unclosed group at index 9");
        assertRejected("guardrails: { deny-list: { action: block } }",
                "heimdall.yaml: guardrails.deny-list.terms: expected a non-empty list of words or phrases, got nothing");
        assertRejected("guardrails: { moderation: { timeout: 1s } }",
                "heimdall.yaml: guardrails.moderation: expected exactly one of url (an OpenAI-style moderation "
                        + "endpoint) or provider (a configured provider whose /v1/moderations is called with its key), "
                        + "got a mapping");
        assertRejected("guardrails: { moderation: { provider: nowhere } }",
                "heimdall.yaml: guardrails.moderation.provider: expected a configured provider, got \"nowhere\"");
        assertRejected("guardrails: { moderation: { url: \"http://mod\", on-flagged: redact } }",
                "heimdall.yaml: guardrails.moderation.on-flagged: expected block or flag (a moderation verdict names "
                        + "no text to redact), got \"redact\"");
        assertRejected("guardrails: { stream-window: 8 }",
                "heimdall.yaml: guardrails.stream-window: expected an integer between 16 and 1048576, got 8");
        assertRejected("""
                guardrails: { policies: { strict: { pii: block } } }
                virtual-keys: [ { name: a, key: hk-0123456789abcdefghij, guardrails: stirct } ]
                """, "heimdall.yaml: virtual-keys[0].guardrails: expected the name of a policy under "
                + "guardrails.policies, got \"stirct\"");
        assertRejected("""
                access-profiles: { batch: { guardrails: missing } }
                """, "heimdall.yaml: access-profiles.batch.guardrails: expected the name of a policy under "
                + "guardrails.policies, got \"missing\"");
    }

    @Test
    void adminDocumentsAreReadByTheSameParserAndNameTheField() throws Exception {
        ObjectMapper json = new ObjectMapper();
        GuardrailPolicyConfig policy = GuardrailDocuments.read(json.readTree("""
                {"id": "p1", "secrets": "redact", "custom": [{"name": "price", "pattern": "\\\\$\\\\d+", "action": "flag"}]}
                """));
        assertThat(policy.rules().customRules().get(0).pattern()).isEqualTo("\\$\\d+");
        assertThatThrownBy(() -> GuardrailDocuments.read(json.readTree("{\"id\": \"p1\", \"rules\": {\"nope\": \"block\"}}")))
                .isInstanceOf(DocumentException.class)
                .satisfies(e -> assertThat(((DocumentException) e).field()).isEqualTo("rules.nope"));
        assertThatThrownBy(() -> GuardrailDocuments.read(json.readTree("{\"id\": \"p1\", \"pii\": true}")))
                .isInstanceOf(DocumentException.class)
                .satisfies(e -> assertThat(((DocumentException) e).field()).isEqualTo("pii"));
        // a document names any provider; the node checks it when it loads the policy
        assertThat(GuardrailDocuments.read(json.readTree("{\"moderation\": {\"provider\": \"elsewhere\"}}"))
                .moderation().provider()).isEqualTo("elsewhere");
        assertThat(GuardrailDocuments.read(json.readTree("{}")).rules().categories()).isEmpty();
    }

    private void assertRejected(String yaml, String message) {
        assertThatThrownBy(() -> loader.parse(PROVIDER + yaml, "heimdall.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }
}
