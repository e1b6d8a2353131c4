package dev.heimdall.governance.guardrails.secrets;

import dev.heimdall.governance.guardrails.Category;
import dev.heimdall.governance.guardrails.Match;
import dev.heimdall.governance.guardrails.SamplePrompts;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A prompt is written by whoever holds a key, and Java's regex engine backtracks: a text crafted to make a rule take
 * quadratic time ends the scan at the read budget and is then treated as a secret. The built-in rules stay linear on
 * the shapes that would hurt them, and ordinary text stays far below the budget.
 */
class HostileInputTest {

    private static String repeat(String unit, int length) {
        return unit.repeat(length / unit.length());
    }

    @Test
    void aRuleThatWouldTakeQuadraticTimeIsStoppedAndTheTextTreatedAsASecret() {
        // gitleaks' curl-auth-user rule, shortened: from every "curl" it scans to the end of the line and back
        SecretRuleSet curl = SecretRuleSet.parse(List.of("""
                [[rules]]
                id = "curl-auth-user"
                regex = '''\\bcurl\\b(?:.*|.*(?:[\\r\\n]{1,2}.*){1,5})[ \\t\\n\\r](?:-u|--user)(?:=|[ \\t]{0,5})([\\w$@.-]+:[\\w${}@.-]+)(?:\\s|\\z)'''
                keywords = ["curl"]
                """));
        String hostile = repeat("curl ", 50_000);

        assertThat(Detected.matches(curl, hostile)).containsExactly(
                new Match(SecretRuleSet.SCAN_LIMIT_RULE, Category.SECRETS, 0, hostile.length(), 0, hostile.length()));
        assertThat(Detected.ids(curl, "curl -u admin:" + "s3cr3t-Pa55 https://example.com")).containsExactly("curl-auth-user");
    }

    @Test
    void manyCandidatesOnOneLongLineCannotMakeTheLineAllowlistQuadratic() {
        // every "key=..." is a generic candidate, and one of the generic rule's allowlists tests the whole line
        String line = repeat("key=abc123def456 ", 50_000);
        assertThat(Detected.ids(SecretRuleSet.builtIn(), line)).contains(SecretRuleSet.SCAN_LIMIT_RULE);
    }

    @Test
    void theBuiltInRulesStayWithinTheBudgetOnShapesThatHurtBacktrackingRegexes() {
        for (String hostile : List.of(
                repeat("ey", 50_000),
                repeat("-ey", 50_000),
                repeat("-----BEGIN PRIVATE KEY-----", 50_000),
                repeat("/fm1a_", 50_000),
                "key=" + repeat("key", 50_000) + "!",
                repeat("key=" + "a".repeat(140) + "!", 50_000),
                repeat("xoxb-1234567890-1234567890", 50_000),
                repeat("aws secret ", 50_000),
                repeat("://user:", 50_000),
                repeat(";password=", 50_000))) {
            assertThat(Detected.ids(SecretRuleSet.builtIn(), hostile)).as(hostile.substring(0, 16))
                    .doesNotContain(SecretRuleSet.SCAN_LIMIT_RULE);
        }
    }

    @Test
    void ordinaryTextStaysFarBelowTheBudget() {
        String large = (SamplePrompts.PROSE + SamplePrompts.CODE).repeat(30);
        assertThat(large.length()).isGreaterThan(100_000);
        assertThat(Detected.ids(SecretRuleSet.builtIn(), large)).doesNotContain(SecretRuleSet.SCAN_LIMIT_RULE);
    }

    @Test
    void theBudgetCountsReadsNotTime() {
        ReadBudget budget = new ReadBudget("abc", 2);
        assertThat(budget.charAt(0)).isEqualTo('a');
        assertThat(budget.charAt(1)).isEqualTo('b');
        assertThatThrownBy(() -> budget.charAt(2)).isInstanceOf(ReadBudget.Exhausted.class);
    }
}
