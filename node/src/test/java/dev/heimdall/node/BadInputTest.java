package dev.heimdall.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Hostile and malformed input gets a clear 4xx in OpenAI's error shape, reaches no provider, and crashes nothing. */
class BadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static GatewayHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = GatewayHarness.start();
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    private static JsonNode errorOf(HttpResponse<String> response) throws Exception {
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.has("type")).isTrue();
        return error;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON|{\"model\": \"openai/gpt-4o-mini\", \"messages\": [|400|",
            "not an object|[1,2,3]|400|",
            "empty body||400|",
            "missing messages|{\"model\":\"openai/gpt-4o-mini\"}|400|messages",
            "messages not an array|{\"model\":\"openai/gpt-4o-mini\",\"messages\":\"hi\"}|400|messages",
            "empty messages|{\"model\":\"openai/gpt-4o-mini\",\"messages\":[]}|400|messages",
            "missing model|{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|400|model",
            "model not a string|{\"model\":42,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|400|model",
            "temperature wrong type|{\"model\":\"openai/gpt-4o-mini\",\"temperature\":\"hot\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|400|temperature",
            "stream wrong type|{\"model\":\"openai/gpt-4o-mini\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|400|stream",
            "bad role|{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}|400|",
            "unknown model|{\"model\":\"gpt-17\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|404|model",
            "unknown provider|{\"model\":\"nope/gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|404|model",
    })
    void rejectsBadChatRequests(String name, String body, int status, String param) throws Exception {
        harness.mock.clearRequests();
        HttpResponse<String> response = harness.post("/v1/chat/completions", "application/json", body == null ? "" : body);
        assertThat(response.statusCode()).as(name).isEqualTo(status);
        JsonNode error = errorOf(response);
        if (param != null) {
            assertThat(error.path("param").asText()).startsWith(param);
        }
        assertThat(harness.mock.requests()).as("nothing reaches a provider").isEmpty();
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        String big = "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + "x".repeat(100 * 1024) + "\"}]}";
        HttpResponse<String> response = harness.post("/v1/chat/completions", "application/json", big);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(errorOf(response).path("message").asText()).contains("too large");
    }

    @Test
    void nonJsonContentTypeIsRejected() throws Exception {
        HttpResponse<String> response = harness.post("/v1/chat/completions", "text/plain",
                "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(errorOf(response).path("message").asText()).contains("Content-Type");
    }

    @Test
    void deeplyNestedJsonIsRejectedNotACrash() throws Exception {
        String nested = "[".repeat(5_000) + "]".repeat(5_000);
        HttpResponse<String> response = harness.post("/v1/chat/completions", "application/json",
                "{\"model\":\"openai/gpt-4o-mini\",\"messages\":" + nested + "}");
        assertThat(response.statusCode()).isEqualTo(400);
        errorOf(response);
    }

    @Test
    void unknownPathAndWrongMethodAnswerInOpenAiShape() throws Exception {
        HttpResponse<String> unknown = harness.post("/v1/nope", "application/json", "{}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        errorOf(unknown);
        HttpResponse<String> wrongMethod = harness.get("/v1/chat/completions");
        assertThat(wrongMethod.statusCode()).isIn(404, 405);
        errorOf(wrongMethod);
    }

    @Test
    void hostileRequestIdIsReplacedNotEchoed() throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(harness.baseUrl() + "/v1/chat/completions"))
                .header("content-type", "application/json")
                .header("x-request-id", "abc def<script>")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();
        HttpResponse<String> response = harness.http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-request-id")).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
    }

    @Test
    void badEmbeddingRequests() throws Exception {
        HttpResponse<String> noInput = harness.post("/v1/embeddings", "application/json", "{\"model\":\"openai/text-embedding-3-small\"}");
        assertThat(noInput.statusCode()).isEqualTo(400);
        assertThat(errorOf(noInput).path("param").asText()).isEqualTo("input");
        HttpResponse<String> anthropic = harness.post("/v1/embeddings", "application/json",
                "{\"model\":\"anthropic/claude-sonnet-4-5\",\"input\":\"x\"}");
        assertThat(anthropic.statusCode()).isEqualTo(400);
        errorOf(anthropic);
    }

    @Test
    void nodeStillServesAfterAllOfThat() throws Exception {
        HttpResponse<String> ok = harness.post("/v1/chat/completions", "application/json",
                "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"still alive?\"}]}");
        assertThat(ok.statusCode()).isEqualTo(200);
    }
}
