package dev.heimdall.node.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RelayTextTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void replacesEveryStringEqualToARedactedTextAndKeepsTheRest() throws Exception {
        JsonNode body = JSON.readTree("""
                {"model": "m", "messages": [{"role": "user", "content": [
                  {"type": "text", "text": "mail a@b.io", "cache_control": {"type": "ephemeral"}},
                  {"type": "text", "text": "mail a@b.io"}]}], "n": 2}
                """);
        JsonNode rewritten = RelayText.rewrite(body, Map.of("mail a@b.io", "mail [REDACTED:email]"));
        assertThat(rewritten.at("/messages/0/content/0/text").asText()).isEqualTo("mail [REDACTED:email]");
        assertThat(rewritten.at("/messages/0/content/1/text").asText()).isEqualTo("mail [REDACTED:email]");
        assertThat(rewritten.at("/messages/0/content/0/cache_control/type").asText()).isEqualTo("ephemeral");
        assertThat(rewritten.at("/n").asInt()).isEqualTo(2);
        assertThat(body.at("/messages/0/content/0/text").asText()).isEqualTo("mail a@b.io");
    }

    @Test
    void refusesWhenARedactedTextIsNotOneWholeStringOfTheBody() throws Exception {
        JsonNode body = JSON.readTree("{\"system\": [{\"text\": \"part one\"}, {\"text\": \"mail a@b.io\"}]}");
        assertThat(RelayText.rewrite(body, Map.of("part onemail a@b.io", "part onemail [REDACTED:email]"))).isNull();
        assertThat(RelayText.rewrite("not json".getBytes(StandardCharsets.UTF_8), Map.of("a", "b"))).isNull();
    }
}
