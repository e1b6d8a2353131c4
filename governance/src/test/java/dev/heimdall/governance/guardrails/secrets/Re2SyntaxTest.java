package dev.heimdall.governance.guardrails.secrets;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Re2SyntaxTest {

    private static boolean finds(String re2, String text) {
        return Pattern.compile(Re2Syntax.toJava(re2)).matcher(text).find();
    }

    @Test
    void aBraceThatStartsNoRepetitionIsALiteral() {
        assertThat(Re2Syntax.toJava("^\\${(?:[A-Z_]+)}$")).isEqualTo("^\\$\\{(?:[A-Z_]+)\\}\\z");
        assertThat(finds("^\\$(?:\\d+|{\\d+})$", "${12}")).isTrue();
        assertThat(finds("^\\{\\d{0,2}}$", "{7}")).isTrue();
        assertThat(finds("a{2,}b{,3}", "aab{,3}")).isTrue();
    }

    @Test
    void bracketsAndAmpersandsInsideAClassAreLiterals() {
        assertThat(finds("[^]]+]", "abc]")).isTrue();
        assertThat(finds("x[[&]y", "x&y")).isTrue();
        assertThat(finds("x[[&]y", "x[y")).isTrue();
        assertThat(finds("[\\w \"'&./=|]+", "a&&b")).isTrue();
    }

    @Test
    void posixClassesBecomeJavaProperties() {
        assertThat(finds("^[[:alpha:]]+$", "abc")).isTrue();
        assertThat(finds("^[[:alpha:]]+$", "ab1")).isFalse();
        assertThat(finds("^[[:^digit:]]+$", "ab")).isTrue();
    }

    @Test
    void namedGroupsKeepTheirNumbering() {
        var m = Pattern.compile(Re2Syntax.toJava("(?P<key_ops>a)(?P<key_ops2>b)(c)")).matcher("abc");
        assertThat(m.find()).isTrue();
        assertThat(m.group(3)).isEqualTo("c");
    }

    @Test
    void dollarIsTheEndOfTheTextUnlessMultiline() {
        assertThat(finds("abc$", "abc\n")).isFalse();
        assertThat(finds("(?m)abc$", "abc\nx")).isTrue();
        assertThat(finds("[$]", "$")).isTrue();
    }

    @Test
    void constructsWithoutAJavaEquivalentAreRefused() {
        assertThatThrownBy(() -> Re2Syntax.toJava("(?U)a+")).hasMessageContaining("(?U)");
        assertThatThrownBy(() -> Re2Syntax.toJava("\\101")).hasMessageContaining("octal");
    }
}
