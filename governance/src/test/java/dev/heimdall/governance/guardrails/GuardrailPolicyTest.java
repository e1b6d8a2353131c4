package dev.heimdall.governance.guardrails;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardrailPolicyTest {

    @Test
    void actionsComeFromTheRuleThenItsFamily() {
        GuardrailPolicy policy = GuardrailPolicy.builder().secrets(Action.BLOCK).pii(Action.REDACT)
                .rule("email", Action.FLAG).disable("ipv4")
                .custom(new CustomRule("badge", "B-\\d{5}", Action.REDACT)).build();

        assertThat(policy.actionFor("aws-access-token", Category.SECRETS)).isEqualTo(Action.BLOCK);
        assertThat(policy.actionFor("email", Category.PII)).isEqualTo(Action.FLAG);
        assertThat(policy.actionFor("ipv4", Category.PII)).isNull();
        assertThat(policy.actionFor("badge", Category.CUSTOM)).isEqualTo(Action.REDACT);
        assertThat(policy.actionFor("other", Category.CUSTOM)).isNull();
        assertThat(policy.actionFor("deny-list", Category.DENY_LIST)).isNull();
        assertThat(policy.streamWindow()).isEqualTo(GuardrailPolicy.DEFAULT_STREAM_WINDOW);
    }

    @Test
    void invalidPoliciesAreRefusedWithAReason() {
        assertThatThrownBy(() -> GuardrailPolicy.builder().category(Category.CUSTOM, Action.BLOCK).build())
                .hasMessageContaining("own action");
        assertThatThrownBy(() -> GuardrailPolicy.builder().category(Category.DENY_LIST, Action.BLOCK).build())
                .hasMessageContaining("no words");
        assertThatThrownBy(() -> GuardrailPolicy.builder().denyList(Action.BLOCK, List.of(" ")).build())
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> GuardrailPolicy.builder().rule("email", Action.FLAG).disable("email").build())
                .hasMessageContaining("both disabled");
        assertThatThrownBy(() -> GuardrailPolicy.builder().streamWindow(8).build()).hasMessageContaining("window");
        assertThatThrownBy(() -> GuardrailPolicy.builder().custom(new CustomRule("a", "x", Action.FLAG))
                .custom(new CustomRule("a", "y", Action.FLAG)).build()).hasMessageContaining("two custom");
        assertThatThrownBy(() -> new GuardrailPolicy(Map.of(), Map.of(), Set.of(), List.of("x"), List.of(), 256))
                .hasMessageContaining("needs an action");
    }

    @Test
    void customRulesAreCheckedWhenConfigured() {
        assertThatThrownBy(() -> new CustomRule("bad name", "x", Action.FLAG)).hasMessageContaining("name");
        assertThatThrownBy(() -> new CustomRule("broken", "(unclosed", Action.FLAG)).hasMessageContaining("invalid pattern");
        assertThatThrownBy(() -> new CustomRule("empty", "a*", Action.FLAG)).hasMessageContaining("empty");
        assertThatThrownBy(() -> new CustomRule("no-action", "x", null)).hasMessageContaining("action");
    }

    @Test
    void actionsAreReadAsWrittenInTheConfiguration() {
        assertThat(Action.parse("block")).isEqualTo(Action.BLOCK);
        assertThat(Action.parse(" Redact ")).isEqualTo(Action.REDACT);
        assertThat(Action.FLAG.configName()).isEqualTo("flag");
        assertThatThrownBy(() -> Action.parse("drop")).hasMessageContaining("block, redact or flag");
        assertThat(Category.parse("deny-list")).isEqualTo(Category.DENY_LIST);
        assertThat(Category.parse("PII")).isEqualTo(Category.PII);
        assertThatThrownBy(() -> Category.parse("secret")).hasMessageContaining("expected secrets");
    }
}
