package dev.heimdall.governance.guardrails.secrets;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LiteralPrefixesTest {

    @Test
    void literalsGroupsAlternativesAndSmallClassesArePrefixes() {
        assertThat(LiteralPrefixes.of("ghp_[0-9a-zA-Z]{36}")).containsExactly("ghp_");
        assertThat(LiteralPrefixes.of("\\b(?:ghu|ghs)_[0-9]{3}")).containsExactlyInAnyOrder("ghu_", "ghs_");
        assertThat(LiteralPrefixes.of("xox[pe](?:-[0-9]{10,13}){3}")).containsExactlyInAnyOrder("xoxp-", "xoxe-");
        assertThat(LiteralPrefixes.of("(?i)passw(?:or)?d\\s")).containsExactlyInAnyOrder("password", "passwd");
        assertThat(LiteralPrefixes.of("(?<=;)(?i:Pwd|PASSWORD)=")).containsExactlyInAnyOrder("pwd=", "password=");
        assertThat(LiteralPrefixes.of("dp\\.pt\\.(?i)[a-z0-9]{43}")).containsExactly("dp.pt.");
        assertThat(LiteralPrefixes.of("a+b")).containsExactly("a");
        assertThat(LiteralPrefixes.of("(?<=[()])x|(?=[)])y")).containsExactlyInAnyOrder("x", "y");
    }

    @Test
    void aMatchThatMayStartWithAnythingHasNoPrefixes() {
        assertThat(LiteralPrefixes.of("[a-z0-9]{14}\\.atlasv1")).isEmpty();
        assertThat(LiteralPrefixes.of("(?:^|[\\s>=:])(x)")).isEmpty();
        assertThat(LiteralPrefixes.of("(?:https?://)?hooks")).containsExactlyInAnyOrder("https://hooks", "http://hooks", "hooks");
        assertThat(LiteralPrefixes.of("a?b*c")).isEmpty();
        assertThat(LiteralPrefixes.of("ab|.c")).isEmpty();
        assertThat(LiteralPrefixes.of("(?x) a b")).isEmpty();
    }

    @Test
    void aRuleIsAnchoredWhenEveryPrefixStartsWithAKeyword() {
        assertThat(LiteralPrefixes.anchoredAt("\\b(ey[a-z]{17,})", List.of("ey"))).isTrue();
        assertThat(LiteralPrefixes.anchoredAt("(?:hvs\\.[\\w-]{90}|s\\.[a-z]{24})", List.of("hvs.", "s."))).isTrue();
        assertThat(LiteralPrefixes.anchoredAt("(?:hvs\\.[\\w-]{90}|s\\.[a-z]{24})", List.of("hvs."))).isFalse();
        assertThat(LiteralPrefixes.anchoredAt("xoxe.xox[bp]-", List.of("xoxe.xoxb-"))).isFalse();
    }
}
