package dev.heimdall.loadtest.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlEndpointTest extends MockHttp {
    private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void reportsHealth() throws Exception {
        HttpResponse<String> res = send("GET", "/_mock/health", null);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(parse(res.body()).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void recordsRequestsInProcessAndOverHttp() throws Exception {
        openai("/v1/chat/completions", CHAT, "x-trace", "abc");
        anthropic("/v1/messages", "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"x\"}]}");
        List<RecordedRequest> recorded = mock.requests();
        assertThat(recorded).hasSize(2);
        RecordedRequest first = recorded.get(0);
        assertThat(first.method()).isEqualTo("POST");
        assertThat(first.path()).isEqualTo("/openai/v1/chat/completions");
        assertThat(first.provider()).isEqualTo("openai");
        assertThat(first.model()).isEqualTo("gpt-4o-mini");
        assertThat(first.apiKey()).isEqualTo("sk-test-1234567890");
        assertThat(first.header("X-Trace")).isEqualTo("abc");
        assertThat(first.body()).isEqualTo(CHAT);
        assertThat(first.receivedAt()).isNotNull();
        assertThat(recorded.get(1).apiKey()).isEqualTo("sk-ant-test");
        assertThat(mock.requests("anthropic")).hasSize(1);

        JsonNode over = parse(send("GET", "/_mock/requests?provider=anthropic", null).body());
        assertThat(over).hasSize(1);
        assertThat(over.get(0).get("model").asText()).isEqualTo("claude-haiku-4-5");
        assertThat(over.get(0).at("/headers/anthropic-version").asText()).isEqualTo("2023-06-01");
        assertThat(send("DELETE", "/_mock/requests", null).statusCode()).isEqualTo(204);
        assertThat(mock.requests()).isEmpty();
    }

    @Test
    void managesFaultsOverHttp() throws Exception {
        HttpResponse<String> added = send("POST", "/_mock/faults", "{\"match\":{\"provider\":\"openai\","
                + "\"model\":\"gpt-4o-mini\"},\"action\":{\"type\":\"status\",\"status\":503,\"retryAfter\":2},"
                + "\"times\":-1}");
        assertThat(added.statusCode()).isEqualTo(201);
        String id = parse(added.body()).get("id").asText();
        HttpResponse<String> hit = openai("/v1/chat/completions", CHAT);
        assertThat(hit.statusCode()).isEqualTo(503);
        assertThat(hit.headers().firstValue("retry-after")).hasValue("2");
        JsonNode list = parse(send("GET", "/_mock/faults", null).body());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("id").asText()).isEqualTo(id);
        assertThat(list.get(0).get("matched").asInt()).isEqualTo(1);
        assertThat(list.get(0).at("/action/status").asInt()).isEqualTo(503);
        assertThat(send("DELETE", "/_mock/faults/" + id, null).statusCode()).isEqualTo(204);
        assertThat(openai("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);

        send("POST", "/_mock/faults", "{\"action\":\"status=429;retry-after=1\",\"times\":1}");
        assertThat(mock.faults().rules()).extracting(FaultRule::action)
                .containsExactly(new FaultAction.Status(429, 1));
        assertThat(send("DELETE", "/_mock/faults", null).statusCode()).isEqualTo(204);
        assertThat(mock.faults().rules()).isEmpty();
        assertThat(send("POST", "/_mock/faults", "{\"action\":{\"type\":\"boom\"}}").statusCode()).isEqualTo(400);
    }

    @Test
    void changesSettingsOverHttp() throws Exception {
        JsonNode updated = parse(send("PUT", "/_mock/settings", "{\"ttftMs\":25,\"interTokenMs\":5}").body());
        assertThat(updated).isEqualTo(parse("{\"latencyMs\":0,\"ttftMs\":25,\"interTokenMs\":5}"));
        assertThat(mock.settings().ttftMs()).isEqualTo(25);
        assertThat(mock.settings().interTokenMs()).isEqualTo(5);
        assertThat(parse(send("GET", "/_mock/settings", null).body()).get("ttftMs").asInt()).isEqualTo(25);
        assertThat(send("GET", "/_mock/nothing", null).statusCode()).isEqualTo(404);
    }

    @Test
    void roundTripsFaultRulesAsJson() {
        FaultRule rule = FaultRule.cutAfter(3).provider("anthropic").model("m").apiKey("k").path("/p").rate(0.25)
                .times(4);
        assertThat(FaultRule.fromJson(rule.toJson())).isEqualTo(rule);
    }
}
