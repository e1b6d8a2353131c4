package dev.heimdall.loadtest.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class CohereMockTest extends MockHttp {
    private static final String HELLO = "{\"model\":\"command-r-plus\","
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]";
    private static final String TOOLS = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}]";

    static HttpResponse<String> cohere(String path, String body, String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        all[0] = "authorization";
        all[1] = "Bearer co-test";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return send("POST", "/cohere" + path, body, all);
    }

    @Test
    void answersChatWithDeterministicReplyAndBothUsages() throws Exception {
        HttpResponse<String> res = cohere("/v2/chat", HELLO + "}");
        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode json = parse(res.body());
        assertThat(json.at("/message/role").asText()).isEqualTo("assistant");
        assertThat(json.at("/message/content/0/type").asText()).isEqualTo("text");
        assertThat(json.at("/message/content/0/text").asText()).isEqualTo("Mock reply to: hello there");
        assertThat(json.get("finish_reason").asText()).isEqualTo("COMPLETE");
        assertThat(json.at("/usage/tokens/input_tokens").asInt()).isEqualTo(10);
        assertThat(json.at("/usage/tokens/output_tokens").asInt()).isEqualTo(5);
        assertThat(json.at("/usage/billed_units/input_tokens").asInt()).isEqualTo(7);
    }

    @Test
    void maxTokensAndStopSequencesSetTheFinishReason() throws Exception {
        assertThat(parse(cohere("/v2/chat", HELLO + ",\"max_tokens\":2}").body()).get("finish_reason").asText())
                .isEqualTo("MAX_TOKENS");
        JsonNode stopped = parse(cohere("/v2/chat", HELLO + ",\"stop_sequences\":[\" to\"]}").body());
        assertThat(stopped.get("finish_reason").asText()).isEqualTo("STOP_SEQUENCE");
        assertThat(stopped.at("/message/content/0/text").asText()).isEqualTo("Mock reply");
    }

    @Test
    void streamsTypedEvents() throws Exception {
        List<Sse> events = events(cohere("/v2/chat", HELLO + ",\"stream\":true}").body());
        assertThat(events).extracting(Sse::event).containsExactly("message-start", "content-start",
                "content-delta", "content-delta", "content-delta", "content-delta", "content-delta", "content-end",
                "message-end");
        assertThat(events).allSatisfy(e -> assertThat(e.json().get("type").asText()).isEqualTo(e.event()));
        StringBuilder text = new StringBuilder();
        events.subList(2, 7).forEach(e -> text.append(e.json().at("/delta/message/content/text").asText()));
        assertThat(text).hasToString("Mock reply to: hello there");
        JsonNode end = events.get(8).json();
        assertThat(end.at("/delta/finish_reason").asText()).isEqualTo("COMPLETE");
        assertThat(end.at("/delta/usage/tokens/output_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void callsTheFirstToolWholeAndStreamedThenAnswersTheResult() throws Exception {
        JsonNode call = parse(cohere("/v2/chat", HELLO + "," + TOOLS + "}").body());
        assertThat(call.get("finish_reason").asText()).isEqualTo("TOOL_CALL");
        assertThat(call.at("/message/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(call.at("/message/tool_calls/0/function/arguments").asText())
                .isEqualTo("{\"city\":\"hello there\"}");
        assertThat(call.at("/message/tool_plan").asText()).isNotEmpty();

        List<Sse> events = events(cohere("/v2/chat", HELLO + "," + TOOLS + ",\"stream\":true}").body());
        assertThat(events.get(1).event()).isEqualTo("tool-plan-delta");
        assertThat(events.get(2).event()).isEqualTo("tool-call-start");
        StringBuilder args = new StringBuilder();
        events.stream().filter(e -> e.event().equals("tool-call-delta"))
                .forEach(e -> args.append(e.json().at("/delta/message/tool_calls/function/arguments").asText()));
        assertThat(args).hasToString("{\"city\":\"hello there\"}");
        assertThat(events.get(events.size() - 1).json().at("/delta/finish_reason").asText()).isEqualTo("TOOL_CALL");

        String id = call.at("/message/tool_calls/0/id").asText();
        JsonNode answer = parse(cohere("/v2/chat", "{\"model\":\"command-r-plus\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"hello there\"},{\"role\":\"assistant\",\"tool_calls\":"
                + call.at("/message/tool_calls") + "},{\"role\":\"tool\",\"tool_call_id\":\"" + id
                + "\",\"content\":\"12C\"}]," + TOOLS + "}").body());
        assertThat(answer.at("/message/content/0/text").asText()).isEqualTo("Tool result was: 12C");
        assertThat(parse(cohere("/v2/chat", HELLO + "," + TOOLS + ",\"tool_choice\":\"NONE\"}").body())
                .get("finish_reason").asText()).isEqualTo("COMPLETE");
    }

    @Test
    void countsImages() throws Exception {
        JsonNode json = parse(cohere("/v2/chat", "{\"model\":\"command-a-vision\",\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"what\"},{\"type\":\"image_url\",\"image_url\":"
                + "{\"url\":\"data:image/png;base64,AAAA\"}}]}]}").body());
        assertThat(json.at("/message/content/0/text").asText()).isEqualTo("Mock reply to: what [1 image]");
    }

    @Test
    void errorsHaveCohereShape() throws Exception {
        HttpResponse<String> noKey = send("POST", "/cohere/v2/chat", HELLO + "}");
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(parse(noKey.body()).get("message").asText()).isEqualTo("no api key supplied");
        HttpResponse<String> tooLong = cohere("/v2/chat", "{\"model\":\"tiny-model\",\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"" + "word ".repeat(100) + "\"}]}");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(parse(tooLong.body()).get("message").asText()).startsWith("too many tokens");
        assertThat(cohere("/v2/chat", "{\"model\":\"m\",\"messages\":[{\"role\":\"bot\",\"content\":\"x\"}]}")
                .statusCode()).isEqualTo(400);
        assertThat(cohere("/v2/chat", HELLO + ",\"tool_choice\":\"auto\"}").statusCode()).isEqualTo(400);
        mock.faults().add(FaultRule.status(429, 2).provider("cohere").times(1));
        HttpResponse<String> limited = cohere("/v2/chat", HELLO + "}");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(parse(limited.body()).get("message").asText()).contains("Trial key");
    }

    @Test
    void embedsDeterministicFloats() throws Exception {
        HttpResponse<String> res = cohere("/v2/embed", "{\"model\":\"embed-english-v3.0\",\"texts\":[\"a\",\"b\"],"
                + "\"input_type\":\"search_document\",\"embedding_types\":[\"float\"]}");
        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode json = parse(res.body());
        assertThat(json.at("/embeddings/float")).hasSize(2);
        assertThat(json.at("/embeddings/float/0")).hasSize(1024);
        assertThat(json.at("/embeddings/float/0/0").floatValue())
                .isEqualTo(dev.heimdall.loadtest.mock.openai.OpenAiMock.vector("a", 1024)[0]);
        assertThat(json.at("/meta/billed_units/input_tokens").asInt()).isEqualTo(2);
        assertThat(cohere("/v2/embed", "{\"model\":\"embed-english-v3.0\",\"texts\":[\"a\"]}").statusCode())
                .isEqualTo(400);
    }
}
