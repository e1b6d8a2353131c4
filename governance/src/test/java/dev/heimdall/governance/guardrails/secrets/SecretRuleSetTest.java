package dev.heimdall.governance.guardrails.secrets;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretRuleSetTest {

    @Test
    void everyBuiltInRuleCompilesInJava() {
        SecretRuleSet rules = SecretRuleSet.builtIn();

        assertThat(rules.skipped()).isEmpty();
        // 81 of gitleaks' rules and 2 of Heimdall's: a rule that stops compiling shows up here
        assertThat(rules.rules()).hasSize(83);
        assertThat(rules.rules()).extracting(SecretRule::id).contains("aws-access-token", "github-pat", "gitlab-pat",
                "slack-bot-token", "stripe-access-token", "gcp-api-key", "openai-api-key", "anthropic-api-key", "jwt",
                "private-key", "generic-api-key", "connection-string-password", "aws-secret-access-key");
    }

    @Test
    void rulesThatCannotApplyToTextAreSkippedWithAReason() {
        SecretRuleSet rules = SecretRuleSet.parse(List.of("""
                [[rules]]
                id = "kept"
                regex = '''kept_[a-z]{8}'''
                keywords = ["kept_"]

                [[rules]]
                id = "by-path"
                regex = '''secret'''
                path = '''(?i)\\.tf$'''

                [[rules]]
                id = "path-only"
                path = '''\\.p12$'''

                [[rules]]
                id = "ungreedy"
                regex = '''(?U)a+'''

                [[rules]]
                id = "back-reference"
                regex = '''(a)\\1'''

                [[rules]]
                id = "auxiliary"
                regex = '''aux_[a-z]{8}'''
                skipReport = true
                """));

        assertThat(rules.rules()).extracting(SecretRule::id).containsExactly("kept");
        assertThat(rules.skipped()).extracting(SecretRuleSet.SkippedRule::id)
                .containsExactly("by-path", "path-only", "ungreedy", "back-reference", "auxiliary");
        assertThat(rules.skipped().get(0).reason()).contains("path");
        assertThat(rules.skipped().get(2).reason()).contains("(?U)");
    }

    @Test
    void aLaterDocumentReplacesARuleWithTheSameIdAndGlobalAllowlistsApplyToAll() {
        SecretRuleSet rules = SecretRuleSet.parse(List.of("""
                [allowlist]
                stopwords = ["dummy"]

                [[rules]]
                id = "token"
                regex = '''tok_[a-z]{4}'''
                """, """
                [[rules]]
                id = "token"
                regex = '''tok_[a-z]{12}'''
                keywords = ["tok_"]
                """));

        assertThat(rules.rules()).singleElement().satisfies(r -> assertThat(r.keywords()).containsExactly("tok_"));
        assertThat(Detected.ids(rules, "tok_abcdefghijkl")).containsExactly("token");
        assertThat(Detected.ids(rules, "tok_abcd")).isEmpty();
        assertThat(Detected.ids(rules, "tok_xxdummyxxxxx")).isEmpty();
    }

    @Test
    void newStyleAllowlistsCanTargetSomeRules() {
        SecretRuleSet rules = SecretRuleSet.parse(List.of("""
                [[allowlists]]
                targetRules = ["first"]
                regexes = ['''^fixture''']

                [[rules]]
                id = "first"
                regex = '''one=([a-z]{10})'''

                [[rules]]
                id = "second"
                regex = '''two=([a-z]{10})'''
                """));

        assertThat(Detected.ids(rules, "one=fixtureabc two=fixtureabc")).containsExactly("second");
    }

    @Test
    void theSecretIsTheSecretGroupAndEntropyAtOrBelowTheThresholdIsNoSecret() {
        SecretRuleSet rules = SecretRuleSet.parse(List.of("""
                [[rules]]
                id = "pair"
                regex = '''(k[a-z]*)=([a-z0-9]{8})'''
                secretGroup = 2
                entropy = 2.5
                """));

        assertThat(Detected.spans(rules, "key=a1b2c3d4")).containsExactly("a1b2c3d4");
        // 'aaaabbbb' has exactly 1 bit of entropy per character
        assertThat(Detected.spans(rules, "key=aaaabbbb")).isEmpty();
    }

    @Test
    void aTextThatIsNotTomlIsRefused() {
        assertThatThrownBy(() -> SecretRuleSet.parse(List.of("[[rules]\nid = ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TOML");
    }
}
