package dev.heimdall.governance.guardrails;

import dev.heimdall.governance.guardrails.secrets.SecretRuleSet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The policy's actions applied to what the detectors find. */
class GuardrailEngineTest {

    private final FakeSecrets fake = new FakeSecrets(7);

    private static GuardrailEngine engine(GuardrailPolicy.Builder policy) {
        return new GuardrailEngine(policy.build(), SecretRuleSet.builtIn());
    }

    @Test
    void blockNamesTheRuleAndNeverTheSecret() {
        String key = fake.awsAccessKeyId();
        Verdict verdict = engine(GuardrailPolicy.builder().secrets(Action.BLOCK).pii(Action.REDACT))
                .scan("deploy with " + key + " and mail ops@example.com");

        assertThat(verdict.blocked()).isTrue();
        assertThat(verdict.blockingRules()).containsExactly("aws-access-token");
        assertThat(verdict.findings()).extracting(Finding::action).containsExactly(Action.BLOCK, Action.REDACT);
        assertThat(verdict.text()).isEqualTo("deploy with [REDACTED:aws-access-token] and mail [REDACTED:email]");
        assertThat(verdict.toString()).doesNotContain(key).doesNotContain("ops@example.com");
    }

    @Test
    void flagPassesTheTextUnchangedAndReportsTheFinding() {
        String text = "call me at +44 20 7946 0958";
        Verdict verdict = engine(GuardrailPolicy.builder().pii(Action.FLAG)).scan(text);

        assertThat(verdict.blocked()).isFalse();
        assertThat(verdict.redacted()).isFalse();
        assertThat(verdict.text()).isSameAs(text);
        assertThat(verdict.findings()).containsExactly(new Finding("phone-number", Category.PII, Action.FLAG, 0, 11, 16));
    }

    @Test
    void aRuleOverrideBeatsItsFamilyAndADisabledRuleIsSilent() {
        String key = fake.githubPat();
        GuardrailEngine engine = engine(GuardrailPolicy.builder().secrets(Action.BLOCK).pii(Action.REDACT)
                .rule("github-pat", Action.FLAG).disable("ipv4"));

        Verdict verdict = engine.scan(key + " from 10.1.2.3 for jane@example.com");
        assertThat(verdict.blocked()).isFalse();
        assertThat(verdict.findings()).extracting(Finding::ruleId, Finding::action)
                .containsExactly(tuple("github-pat", Action.FLAG),
                        tuple("email", Action.REDACT));
        assertThat(verdict.text()).isEqualTo(key + " from 10.1.2.3 for [REDACTED:email]");
    }

    @Test
    void aFamilyWithoutAnActionIsNotScanned() {
        String text = "jane@example.com " + fake.githubPat();
        assertThat(engine(GuardrailPolicy.builder().secrets(Action.REDACT)).scan(text).findings())
                .extracting(Finding::category).containsOnly(Category.SECRETS);
        assertThat(engine(GuardrailPolicy.builder().pii(Action.REDACT)).scan(text).findings())
                .extracting(Finding::category).containsOnly(Category.PII);
    }

    @Test
    void overlappingMatchesBecomeOnePlaceholder() {
        String key = fake.githubPat();
        GuardrailEngine engine = engine(GuardrailPolicy.builder().secrets(Action.REDACT)
                .custom(new CustomRule("ticket-secret", "TICKET-[0-9]+-" + "ghp_[A-Za-z0-9]{8}", Action.REDACT)));

        Verdict verdict = engine.scan("see TICKET-42-" + key + " now");
        assertThat(verdict.findings()).extracting(Finding::ruleId).containsExactly("ticket-secret", "github-pat");
        assertThat(verdict.text()).isEqualTo("see [REDACTED:ticket-secret] now");
    }

    @Test
    void denyListMatchesWholeWordsAndPhrasesCaseInsensitively() {
        GuardrailEngine engine = engine(GuardrailPolicy.builder()
                .denyList(Action.BLOCK, List.of("Project Aurora", "darkpool")));

        Verdict hit = engine.scan("What is the status of project\n  AURORA and the DarkPool launch?");
        assertThat(hit.blocked()).isTrue();
        assertThat(hit.findings()).extracting(Finding::ruleId, Finding::start, Finding::length)
                .containsExactly(tuple("deny-list", 22, 16),
                        tuple("deny-list", 47, 8));

        assertThat(engine.scan("The aurora borealis; projects; darkpools; subproject aurora").findings()).isEmpty();
    }

    @Test
    void customRulesUseTheirOwnAction() {
        GuardrailEngine engine = engine(GuardrailPolicy.builder()
                .custom(new CustomRule("employee-id", "\\bEMP-\\d{6}\\b", Action.REDACT))
                .custom(new CustomRule("codename", "(?i)\\bbluebird\\b", Action.FLAG)));

        Verdict verdict = engine.scan("EMP-123456 works on Bluebird; EMP-1234 does not match");
        assertThat(verdict.findings()).extracting(Finding::ruleId, Finding::action)
                .containsExactly(tuple("employee-id", Action.REDACT),
                        tuple("codename", Action.FLAG));
        assertThat(verdict.text()).isEqualTo("[REDACTED:employee-id] works on Bluebird; EMP-1234 does not match");
    }

    @Test
    void aPolicyThatNamesAnUnknownRuleIsRefused() {
        assertThatThrownBy(() -> engine(GuardrailPolicy.builder().pii(Action.REDACT).rule("emial", Action.FLAG)))
                .hasMessageContaining("unknown rule: emial");
        assertThatThrownBy(() -> engine(GuardrailPolicy.builder().secrets(Action.BLOCK).disable("generic-key")))
                .hasMessageContaining("unknown rule: generic-key");
        assertThat(engine(GuardrailPolicy.builder().secrets(Action.BLOCK).disable("generic-api-key")
                .rule("secret-scan-limit", Action.FLAG).rule("email", Action.FLAG))).isNotNull();
    }

    @Test
    void aCleanTextComesBackAsTheSameString() {
        String text = "Summarise the attached quarterly report in three bullet points.";
        Verdict verdict = engine(GuardrailPolicy.builder().secrets(Action.BLOCK).pii(Action.REDACT)).scan(text);
        assertThat(verdict.clean()).isTrue();
        assertThat(verdict.text()).isSameAs(text);
    }
}
