package dev.heimdall.loadtest.mock;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GeminiMockTest extends MockHttp {
    private static final String HELLO = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hello there\"}]}]";
    private static final String TOOLS = "\"tools\":[{\"functionDeclarations\":[{\"name\":\"get_weather\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}},"
            + "{\"name\":\"get_time\",\"parameters\":{\"type\":\"object\",\"properties\":{\"zone\":"
            + "{\"type\":\"string\"}}}}]}]";

    static HttpResponse<String> gemini(String modelMethod, String body, String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        all[0] = "x-goog-api-key";
        all[1] = "AIza-test";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return send("POST", "/gemini/v1beta/models/" + modelMethod, body, all);
    }

    /** The {@code data:} payloads of a Gemini SSE body ({@code \r\n\r\n} separated). */
    static List<JsonNode> chunks(String body) {
        List<JsonNode> out = new ArrayList<>();
        for (String block : body.split("\r\n\r\n")) {
            if (block.startsWith("data: ")) {
                out.add(parse(block.substring(6)));
            }
        }
        return out;
    }

    @Test
    void answersGenerateContentWithDeterministicReplyAndUsage() throws Exception {
        HttpResponse<String> res = gemini("gemini-2.5-flash:generateContent", HELLO
                + ",\"systemInstruction\":{\"parts\":[{\"text\":\"Be brief.\"}]}}");
        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode json = parse(res.body());
        assertThat(json.at("/candidates/0/content/role").asText()).isEqualTo("model");
        assertThat(json.at("/candidates/0/content/parts/0/text").asText()).isEqualTo("Mock reply to: hello there");
        assertThat(json.at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
        assertThat(json.get("modelVersion").asText()).isEqualTo("gemini-2.5-flash");
        assertThat(json.get("responseId").asText()).isNotEmpty();
        // 3 priming + (4 + 3) system + (4 + 3) user
        assertThat(json.at("/usageMetadata/promptTokenCount").asInt()).isEqualTo(17);
        assertThat(json.at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(5);
        assertThat(json.at("/usageMetadata/totalTokenCount").asInt()).isEqualTo(22);
        assertThat(mock.requests("gemini")).extracting(RecordedRequest::model).containsExactly("gemini-2.5-flash");
    }

    @Test
    void streamsSseChunksWithUsageAndFinishOnTheLast() throws Exception {
        HttpResponse<String> res = gemini("gemini-2.5-flash:streamGenerateContent?alt=sse", HELLO + "}");
        assertThat(res.headers().firstValue("content-type").orElseThrow()).startsWith("text/event-stream");
        List<JsonNode> chunks = chunks(res.body());
        assertThat(chunks).hasSize(5);
        StringBuilder text = new StringBuilder();
        for (JsonNode c : chunks) {
            text.append(c.at("/candidates/0/content/parts/0/text").asText());
        }
        assertThat(text.toString()).isEqualTo("Mock reply to: hello there");
        assertThat(chunks.get(3).at("/candidates/0/finishReason").isMissingNode()).isTrue();
        assertThat(chunks.get(4).at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
        assertThat(chunks.get(4).at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(5);
    }

    @Test
    void streamWithoutAltSseIsOneJsonArray() throws Exception {
        HttpResponse<String> res = gemini("gemini-2.5-flash:streamGenerateContent", HELLO + "}");
        JsonNode json = parse(res.body());
        assertThat(json.isArray()).isTrue();
        assertThat(json).hasSize(5);
    }

    @Test
    void callsTheAllowedFunctionAndAnswersItsResponse() throws Exception {
        HttpResponse<String> call = gemini("gemini-2.5-flash:generateContent", HELLO + "," + TOOLS
                + ",\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"ANY\",\"allowedFunctionNames\":"
                + "[\"get_time\"]}}}");
        JsonNode fc = parse(call.body()).at("/candidates/0/content/parts/0/functionCall");
        assertThat(fc.get("name").asText()).isEqualTo("get_time");
        assertThat(fc.at("/args/zone").asText()).isEqualTo("hello there");

        HttpResponse<String> none = gemini("gemini-2.5-flash:generateContent", HELLO + "," + TOOLS
                + ",\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"NONE\"}}}");
        assertThat(parse(none.body()).at("/candidates/0/content/parts/0/text").asText()).startsWith("Mock reply");

        String result = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]},{\"role\":\"model\","
                + "\"parts\":[{\"functionCall\":{\"name\":\"get_time\",\"args\":{}}}]},{\"role\":\"user\",\"parts\":"
                + "[{\"functionResponse\":{\"name\":\"get_time\",\"response\":{\"content\":\"noon\"}}}]}]," + TOOLS
                + "}";
        JsonNode answer = parse(gemini("gemini-2.5-flash:generateContent", result).body());
        assertThat(answer.at("/candidates/0/content/parts/0/text").asText()).isEqualTo("Tool result was: noon");
    }

    @Test
    void countsImagesAndLimitsOutput() throws Exception {
        String body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"look\"},{\"inlineData\":"
                + "{\"mimeType\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}}]}],\"generationConfig\":"
                + "{\"maxOutputTokens\":2}}";
        JsonNode json = parse(gemini("gemini-2.5-flash:generateContent", body).body());
        assertThat(json.at("/candidates/0/content/parts/0/text").asText()).isEqualTo("Mock reply");
        assertThat(json.at("/candidates/0/finishReason").asText()).isEqualTo("MAX_TOKENS");
        assertThat(json.at("/usageMetadata/promptTokenCount").asInt()).isEqualTo(3 + 4 + 1 + 85);
    }

    @Test
    void countsTokensAndEmbeds() throws Exception {
        assertThat(parse(gemini("gemini-2.5-flash:countTokens", HELLO + "}").body()).get("totalTokens").asInt())
                .isEqualTo(10);
        JsonNode single = parse(gemini("text-embedding-004:embedContent", "{\"model\":\"models/text-embedding-004\","
                + "\"content\":{\"parts\":[{\"text\":\"a\"}]},\"outputDimensionality\":8}").body());
        assertThat(single.at("/embedding/values")).hasSize(8);
        JsonNode batch = parse(gemini("text-embedding-004:batchEmbedContents", "{\"requests\":["
                + "{\"model\":\"models/text-embedding-004\",\"content\":{\"parts\":[{\"text\":\"a\"}]}},"
                + "{\"model\":\"models/text-embedding-004\",\"content\":{\"parts\":[{\"text\":\"b\"}]}}]}").body());
        assertThat(batch.get("embeddings")).hasSize(2);
        assertThat(batch.at("/embeddings/0/values")).hasSize(768);
        assertThat(batch.at("/embeddings/0/values")).isEqualTo(parse(gemini("text-embedding-004:embedContent",
                "{\"content\":{\"parts\":[{\"text\":\"a\"}]}}").body()).at("/embedding/values"));
    }

    @Test
    void rejectsMissingAndInvalidKeysInGooglesShape() throws Exception {
        HttpResponse<String> missing = send("POST", "/gemini/v1beta/models/gemini-2.5-flash:generateContent",
                HELLO + "}");
        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(parse(missing.body()).at("/error/status").asText()).isEqualTo("PERMISSION_DENIED");
        HttpResponse<String> invalid = send("POST", "/gemini/v1beta/models/gemini-2.5-flash:generateContent",
                HELLO + "}", "x-goog-api-key", "invalid-key");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(parse(invalid.body()).at("/error/details/0/reason").asText()).isEqualTo("API_KEY_INVALID");
        HttpResponse<String> query = send("POST", "/gemini/v1beta/models/gemini-2.5-flash:generateContent?key=k1",
                HELLO + "}");
        assertThat(query.statusCode()).isEqualTo(200);
    }

    @Test
    void rejectsTooLongPromptsAndBadBodies() throws Exception {
        String big = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"" + "x".repeat(400) + "\"}]}]}";
        HttpResponse<String> tooLong = gemini("tiny-model:generateContent", big);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(parse(tooLong.body()).at("/error/message").asText()).contains("exceeds the maximum");
        HttpResponse<String> empty = gemini("gemini-2.5-flash:generateContent", "{}");
        assertThat(parse(empty.body()).at("/error/status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(gemini("gemini-2.5-flash:unknownMethod", "{}").statusCode()).isEqualTo(404);
    }

    @Test
    void injectedFaultsUseGooglesErrorShape() throws Exception {
        mock.faults().add(FaultRule.status(429, 3).provider("gemini"));
        HttpResponse<String> res = gemini("gemini-2.5-flash:generateContent", HELLO + "}");
        assertThat(res.statusCode()).isEqualTo(429);
        assertThat(res.headers().firstValue("retry-after")).contains("3");
        JsonNode error = parse(res.body()).get("error");
        assertThat(error.get("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(error.at("/details/0/retryDelay").asText()).isEqualTo("5s");
    }

    @Test
    void faultRulesMatchTheModelInTheUrl() throws Exception {
        mock.faults().add(FaultRule.status(503).provider("gemini").model("gemini-2.5-pro"));
        assertThat(gemini("gemini-2.5-pro:generateContent", HELLO + "}").statusCode()).isEqualTo(503);
        assertThat(gemini("gemini-2.5-flash:generateContent", HELLO + "}").statusCode()).isEqualTo(200);
    }

    @Test
    void pacesStreamChunks() throws Exception {
        mock.settings().ttftMs(60).interTokenMs(20);
        long start = System.nanoTime();
        gemini("gemini-2.5-flash:streamGenerateContent?alt=sse", HELLO + "}");
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(60 + 4 * 20);
    }
}
