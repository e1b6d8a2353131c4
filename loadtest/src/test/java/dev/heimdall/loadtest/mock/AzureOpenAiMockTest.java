package dev.heimdall.loadtest.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class AzureOpenAiMockTest extends MockHttp {
    private static final String CHAT = "/azure/openai/deployments/prod-4o/chat/completions";
    private static final String HELLO = "{\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}";

    @Test
    void answersChatForTheDeploymentWithAnApiKey() throws Exception {
        HttpResponse<String> res = send("POST", CHAT + "?api-version=2024-10-21", HELLO, "api-key", "az-key");
        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode json = parse(res.body());
        assertThat(json.at("/choices/0/message/content").asText()).isEqualTo("Mock reply to: hello there");
        assertThat(json.get("model").asText()).isEqualTo("prod-4o");
        assertThat(json.at("/usage/prompt_tokens").asInt()).isEqualTo(10);
        RecordedRequest recorded = mock.requests("azure").get(0);
        assertThat(recorded.path()).isEqualTo(CHAT);
        assertThat(recorded.apiKey()).isEqualTo("az-key");
    }

    @Test
    void acceptsAnEntraBearerTokenAndStreams() throws Exception {
        HttpResponse<String> res = send("POST", CHAT + "?api-version=2024-10-21",
                "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "authorization", "Bearer entra-token");
        assertThat(res.statusCode()).isEqualTo(200);
        List<Sse> events = events(res.body());
        assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
        assertThat(mock.requests("azure").get(0).apiKey()).isEqualTo("entra-token");
    }

    @Test
    void servesEmbeddings() throws Exception {
        HttpResponse<String> res = send("POST", "/azure/openai/deployments/emb/embeddings?api-version=2024-10-21",
                "{\"input\":[\"a\",\"b\"],\"dimensions\":8}", "api-key", "az-key");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(parse(res.body()).get("data")).hasSize(2);
        assertThat(parse(res.body()).at("/data/0/embedding")).hasSize(8);
    }

    @Test
    void missingApiVersionKeyOrBadPathAnswerLikeAzure() throws Exception {
        HttpResponse<String> noVersion = send("POST", CHAT, HELLO, "api-key", "az-key");
        assertThat(noVersion.statusCode()).isEqualTo(404);
        assertThat(parse(noVersion.body()).at("/error/message").asText()).isEqualTo("Resource not found");
        HttpResponse<String> badVersion = send("POST", CHAT + "?api-version=latest", HELLO, "api-key", "az-key");
        assertThat(badVersion.statusCode()).isEqualTo(400);
        HttpResponse<String> noKey = send("POST", CHAT + "?api-version=2024-10-21", HELLO);
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(parse(noKey.body()).at("/error/code").asText()).isEqualTo("401");
        HttpResponse<String> badKey = send("POST", CHAT + "?api-version=2024-10-21", HELLO, "api-key", "invalid-1");
        assertThat(parse(badKey.body()).at("/error/message").asText()).contains("invalid subscription key");
        assertThat(send("POST", "/azure/openai/models?api-version=2024-10-21", HELLO, "api-key", "k").statusCode())
                .isEqualTo(404);
    }

    @Test
    void faultsAnswerInAzureShape() throws Exception {
        mock.faults().add(FaultRule.status(429, 5).provider("azure").times(1));
        HttpResponse<String> res = send("POST", CHAT + "?api-version=2024-10-21", HELLO, "api-key", "az-key");
        assertThat(res.statusCode()).isEqualTo(429);
        assertThat(res.headers().firstValue("retry-after")).contains("5");
        assertThat(parse(res.body()).at("/error/code").asText()).isEqualTo("429");
    }

    @Test
    void localServerTakesRequestsWithoutAKey() throws Exception {
        HttpResponse<String> res = send("POST", "/local/v1/chat/completions",
                "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(parse(res.body()).at("/choices/0/message/content").asText()).isEqualTo("Mock reply to: hi");
    }
}
