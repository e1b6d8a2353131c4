package dev.heimdall.governance.access;

import dev.heimdall.governance.routing.FallbackPlan;
import dev.heimdall.governance.routing.Target;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ModelAccessTest {

    private final ModelAccess groqOnly = ModelAccess.of("x", null, List.of("groq/*"));

    private static FallbackPlan direct(String provider, String model) {
        return new FallbackPlan(provider + "/" + model, null, List.of(Target.of(provider, model)));
    }

    @Test
    void aKeyLimitedToGroqCannotReachOpenAi() {
        AccessDecision decision = groqOnly.check(direct("openai", "gpt-4o"));

        assertThat(decision).isEqualTo(new AccessDecision.Denied(
                "virtual key 'x' may not use model 'openai/gpt-4o' (allowed: groq/*)"));
        assertThat(groqOnly.check(direct("groq", "llama-3.1-8b-instant"))).isInstanceOf(AccessDecision.Allowed.class);
    }

    @Test
    void anAliasIsJudgedByWhereItLeads() {
        FallbackPlan smart = new FallbackPlan("smart", "smart",
                List.of(Target.of("openai", "gpt-4o"), Target.of("anthropic", "claude-sonnet-4-5")));

        assertThat(groqOnly.check(smart)).isEqualTo(new AccessDecision.Denied("virtual key 'x' may not use model "
                + "'smart': none of its targets (openai/gpt-4o, anthropic/claude-sonnet-4-5) is allowed (allowed: groq/*)"));
    }

    @Test
    void anAllowedAliasVouchesForItsTargets() {
        ModelAccess smartOnly = ModelAccess.of("x", null, List.of("smart"));
        FallbackPlan smart = new FallbackPlan("smart", "smart", List.of(Target.of("openai", "gpt-4o")));

        assertThat(smartOnly.check(smart)).isEqualTo(new AccessDecision.Allowed(smart));
        assertThat(smartOnly.check(direct("openai", "gpt-4o"))).isInstanceOf(AccessDecision.Denied.class);
    }

    @Test
    void deniedTargetsLeaveThePlanAndAnAllowedFallbackServes() {
        FallbackPlan plan = new FallbackPlan("smart", "smart", List.of(Target.of("openai", "gpt-4o"),
                Target.of("groq", "llama"), Target.of("anthropic", "claude"), Target.of("groq", "mixtral")));

        AccessDecision decision = groqOnly.check(plan);

        assertThat(decision).isInstanceOf(AccessDecision.Allowed.class);
        FallbackPlan narrowed = ((AccessDecision.Allowed) decision).plan();
        assertThat(narrowed.attempts()).containsExactly(Target.of("groq", "llama"), Target.of("groq", "mixtral"));
        assertThat(narrowed.alias()).isEqualTo("smart");
    }

    @Test
    void aFullyAllowedPlanIsPassedOnAsItIs() {
        FallbackPlan plan = direct("groq", "llama");
        assertThat(((AccessDecision.Allowed) groqOnly.check(plan)).plan()).isSameAs(plan);
    }

    @Test
    void providerListAppliesToAliasesToo() {
        ModelAccess access = ModelAccess.of("x", List.of("azure", "open*"), null);
        FallbackPlan anthropic = new FallbackPlan("smart", "smart", List.of(Target.of("anthropic", "claude")));

        assertThat(access.allows(null, "azure", "gpt-4o")).isTrue();
        assertThat(access.allows(null, "openai", "gpt-4o")).isTrue();
        assertThat(access.allows("smart", "anthropic", "claude")).isFalse();
        assertThat(access.check(direct("anthropic", "claude"))).isEqualTo(new AccessDecision.Denied(
                "virtual key 'x' may not use provider 'anthropic' (allowed providers: azure, open*)"));
        assertThat(((AccessDecision.Denied) access.check(anthropic)).message())
                .endsWith("is allowed (allowed providers: azure, open*)");
    }

    @Test
    void nullAllowsEverythingAndEmptyNothing() {
        assertThat(ModelAccess.of("x", null, null)).isSameAs(ModelAccess.UNRESTRICTED);
        assertThat(ModelAccess.UNRESTRICTED.allows("any", "any", "thing")).isTrue();

        ModelAccess nothing = ModelAccess.of("x", null, List.of());
        assertThat(nothing.allows(null, "groq", "llama")).isFalse();
        assertThat(((AccessDecision.Denied) nothing.check(direct("groq", "llama"))).message())
                .isEqualTo("virtual key 'x' may not use model 'groq/llama' (allowed: none)");
    }

    @Test
    void wildcardsMatchAnywhereInTheName() {
        ModelAccess access = ModelAccess.of("x", null, List.of("openai/gpt-4o*", "*/llama-*-instant", "*mini*"));

        assertThat(access.allows(null, "openai", "gpt-4o")).isTrue();
        assertThat(access.allows(null, "openai", "gpt-4o-2024-08-06")).isTrue();
        assertThat(access.allows(null, "openai", "gpt-4.1")).isFalse();
        assertThat(access.allows(null, "azure", "gpt-4o")).isFalse();
        assertThat(access.allows(null, "groq", "llama-3.1-8b-instant")).isTrue();
        assertThat(access.allows(null, "groq", "llama-3.1-8b")).isFalse();
        assertThat(access.allows(null, "openai", "o4-mini")).isTrue();
        assertThat(access.allows(null, "vllm", "meta-llama/Llama-3.1-8B")).isFalse();
        assertThat(ModelAccess.of("x", null, List.of("vllm/*")).allows(null, "vllm", "meta-llama/Llama-3.1-8B")).isTrue();
    }

    @Test
    void patternsNeedEveryLiteralPartInOrderWithoutOverlap() {
        assertThat(new NamePattern("a*a").matches("a")).isFalse();
        assertThat(new NamePattern("a*a").matches("aa")).isTrue();
        assertThat(new NamePattern("a*b*c").matches("axbxc")).isTrue();
        assertThat(new NamePattern("a*b*c").matches("axcxb")).isFalse();
        assertThat(new NamePattern("*b*b*").matches("xbx")).isFalse();
        assertThat(new NamePattern("*").matches("")).isTrue();
        assertThat(new NamePattern("ab**").matches("ab")).isTrue();
    }
}
