package dev.heimdall.providers.json;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopLevelFieldRewriterTest {

    private static String rewrite(String json, String value) {
        return new String(TopLevelFieldRewriter.replaceString(json.getBytes(StandardCharsets.UTF_8), "model", value),
                StandardCharsets.UTF_8);
    }

    @Test
    void replacesOnlyTheTopLevelValueAndKeepsEveryOtherByte() {
        String body = "{ \"messages\" : [ {\"role\":\"user\",\"model\":\"inner\",\"content\":\"h\\u00e9 1e2\"} ],\n"
                + "  \"model\":\"smart\",  \"max_tokens\": 1.50e3, \"thinking\":{\"type\":\"enabled\"} }";
        assertThat(rewrite(body, "claude-sonnet-4-5")).isEqualTo(body.replace("\"model\":\"smart\"", "\"model\":\"claude-sonnet-4-5\""));
    }

    @Test
    void escapesTheNewValue() {
        assertThat(rewrite("{\"model\":\"a\"}", "we\"ird\\name")).isEqualTo("{\"model\":\"we\\\"ird\\\\name\"}");
    }

    @Test
    void replacesANonStringValueToo() {
        assertThat(rewrite("{\"model\":{\"x\":[1,2]},\"a\":1}", "m")).isEqualTo("{\"model\":\"m\",\"a\":1}");
        assertThat(rewrite("{\"model\":null}", "m")).isEqualTo("{\"model\":\"m\"}");
    }

    @Test
    void addsTheFieldWhenAbsent() {
        assertThat(rewrite("{\"a\":1}", "m")).isEqualTo("{\"model\":\"m\",\"a\":1}");
        assertThat(rewrite("{ }", "m")).isEqualTo("{\"model\":\"m\" }");
    }

    @Test
    void keepsMultiByteCharactersBeforeTheField() {
        String body = "{\"system\":\"日本語 ✓\",\"model\":\"x\"}";
        assertThat(rewrite(body, "y")).isEqualTo("{\"system\":\"日本語 ✓\",\"model\":\"y\"}");
    }

    private static String remove(String json) {
        return new String(TopLevelFieldRewriter.remove(json.getBytes(StandardCharsets.UTF_8), "fallbacks"),
                StandardCharsets.UTF_8);
    }

    @Test
    void removesATopLevelFieldWhereverItStandsAndKeepsEveryOtherByte() {
        assertThat(remove("{\"fallbacks\":[\"a\",\"b\"], \"model\":\"x\"}")).isEqualTo("{\"model\":\"x\"}");
        assertThat(remove("{\"model\":\"x\",\n  \"fallbacks\" : [\"a\"],\n  \"n\":1}"))
                .isEqualTo("{\"model\":\"x\",\n  \"n\":1}");
        assertThat(remove("{\"model\":\"x\", \"fallbacks\": [] }")).isEqualTo("{\"model\":\"x\" }");
        assertThat(remove("{\"max_tokens\":12,\"fallbacks\":7}")).isEqualTo("{\"max_tokens\":12}");
        assertThat(remove("{\"fallbacks\":\"a,b\"}")).isEqualTo("{}");
        assertThat(remove("{\"fallbacks\":1,\"fallbacks\":{\"x\":1},\"a\":true}")).isEqualTo("{\"a\":true}");
    }

    @Test
    void leavesNestedFieldsOfTheSameNameAndAnObjectWithoutIt() {
        String body = "{\"metadata\":{\"fallbacks\":\"x\"},\"messages\":[{\"fallbacks\":1}]}";
        assertThat(remove(body)).isEqualTo(body);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertThat(TopLevelFieldRewriter.remove(bytes, "fallbacks")).isSameAs(bytes);
    }

    @Test
    void rejectsWhatIsNotAnObject() {
        assertThatThrownBy(() -> rewrite("[1]", "m")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rewrite("{\"a\":", "m")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> remove("[1]")).isInstanceOf(IllegalArgumentException.class);
    }
}
