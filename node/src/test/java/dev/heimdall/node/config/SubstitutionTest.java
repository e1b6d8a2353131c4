package dev.heimdall.node.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubstitutionTest {

    private final Substitution substitution = new Substitution(Map.of("A", "1", "B", "two", "EMPTY", ""));

    @Test
    void replacesEveryReference() throws Exception {
        assertThat(substitution.apply("${A}-${B}/${A}")).isEqualTo("1-two/1");
        assertThat(substitution.apply("plain")).isEqualTo("plain");
    }

    @Test
    void usesTheDefaultWhenUnsetOrEmpty() throws Exception {
        assertThat(substitution.apply("${MISSING:-x}")).isEqualTo("x");
        assertThat(substitution.apply("${EMPTY:-x}")).isEqualTo("x");
        assertThat(substitution.apply("${A:-x}")).isEqualTo("1");
        assertThat(substitution.apply("${MISSING:-}")).isEmpty();
        assertThat(substitution.apply("${EMPTY}")).isEmpty();
        assertThat(substitution.apply("${MISSING:-a:-b $c}")).isEqualTo("a:-b $c");
    }

    @Test
    void doubleDollarIsALiteralDollarAndALoneDollarStays() throws Exception {
        assertThat(substitution.apply("$${A}")).isEqualTo("${A}");
        assertThat(substitution.apply("$$$$")).isEqualTo("$$");
        assertThat(substitution.apply("$$${A}")).isEqualTo("$1");
        assertThat(substitution.apply("cost $5 $")).isEqualTo("cost $5 $");
    }

    @Test
    void failsOnAnUnsetVariableNamingIt() {
        assertThatThrownBy(() -> substitution.apply("${A}${NOPE}"))
                .isInstanceOf(Substitution.Failure.class)
                .hasMessage("environment variable NOPE is not set (write ${NOPE:-default} to give a default)");
    }
}
