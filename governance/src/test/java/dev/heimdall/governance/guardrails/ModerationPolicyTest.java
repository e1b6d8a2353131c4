package dev.heimdall.governance.guardrails;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModerationPolicyTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);

    @Test
    void aFlaggedTextGetsOneFindingPerCategoryWithThePolicysAction() {
        ModerationPolicy policy = new ModerationPolicy(Action.BLOCK, TIMEOUT, true);
        List<Finding> findings = policy.judge(new ModerationResult(true, Set.of("violence", "harassment")));

        assertThat(findings).extracting(Finding::ruleId).containsExactly("moderation:harassment", "moderation:violence");
        assertThat(findings).allSatisfy(f -> {
            assertThat(f.action()).isEqualTo(Action.BLOCK);
            assertThat(f.category()).isEqualTo(Category.MODERATION);
            assertThat(f.segment()).isEqualTo(-1);
        });
        assertThat(policy.judge(ModerationResult.PASSED)).isEmpty();
        assertThat(policy.judge(new ModerationResult(true, Set.of()))).extracting(Finding::ruleId).containsExactly("moderation");
    }

    @Test
    void anUnavailableCheckBlocksOnlyWhenFailingClosed() {
        assertThat(new ModerationPolicy(Action.FLAG, TIMEOUT, true).unavailable()).isEmpty();
        assertThat(new ModerationPolicy(Action.FLAG, TIMEOUT, false).unavailable()).singleElement()
                .satisfies(f -> {
                    assertThat(f.ruleId()).isEqualTo(ModerationPolicy.UNAVAILABLE_RULE);
                    assertThat(f.action()).isEqualTo(Action.BLOCK);
                });
    }

    @Test
    void aLaterModerationVerdictAddsToTheScanVerdict() {
        ModerationCheck check = segments -> CompletableFuture.completedFuture(new ModerationResult(true, Set.of("hate")));
        ModerationPolicy policy = new ModerationPolicy(Action.BLOCK, TIMEOUT, false);
        Verdict scanned = new Verdict(List.of(), List.of("some text"), false);

        Verdict combined = check.check(scanned.segments()).thenApply(policy::judge).thenApply(scanned::plus)
                .toCompletableFuture().join();

        assertThat(combined.blocked()).isTrue();
        assertThat(combined.blockingRules()).containsExactly("moderation:hate");
        assertThat(combined.text()).isEqualTo("some text");
    }

    @Test
    void moderationCannotRedactAndNeedsATimeout() {
        assertThatThrownBy(() -> new ModerationPolicy(Action.REDACT, TIMEOUT, true)).hasMessageContaining("block or flag");
        assertThatThrownBy(() -> new ModerationPolicy(Action.BLOCK, Duration.ZERO, true)).hasMessageContaining("timeout");
    }
}
