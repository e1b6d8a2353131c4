package dev.heimdall.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Claude Code-style session (system blocks with cache_control, Claude Code's tools, several tool_use/tool_result
 * turns, streaming, anthropic-beta headers) replayed through the gateway to an OpenAI upstream: Claude Code asks for
 * its usual model name, an alias sends it to GPT, and every event it gets back must be valid Anthropic SSE.
 */
class ClaudeCodeSessionReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static GatewayHarness harness;

    @BeforeAll
    static void start() throws Exception {
        String yaml = GatewayHarness.DEFAULT_CONFIG + """
                  claude-sonnet-4-5-20250929:
                    targets: [ { provider: openai, model: gpt-4o-mini } ]
                """;
        harness = GatewayHarness.start(yaml, GatewayHarness.mockDefaults());
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    private static ObjectNode tool(String name, String description, String... requiredStrings) {
        ObjectNode tool = JSON.createObjectNode().put("name", name).put("description", description);
        ObjectNode schema = tool.putObject("input_schema").put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = schema.putArray("required");
        for (String property : requiredStrings) {
            properties.putObject(property).put("type", "string").put("description", "the " + property);
            required.add(property);
        }
        schema.put("additionalProperties", false);
        return tool;
    }

    private static ObjectNode session() {
        ObjectNode request = JSON.createObjectNode();
        request.put("model", "claude-sonnet-4-5-20250929").put("max_tokens", 32000).put("stream", true);
        ArrayNode system = request.putArray("system");
        system.addObject().put("type", "text").put("text", "You are Claude Code, Anthropic's official CLI for Claude.");
        system.addObject().put("type", "text").put("text", "You are an interactive CLI tool that helps users with "
                + "software engineering tasks. Working directory: /home/dev/project").putObject("cache_control").put("type", "ephemeral");
        ArrayNode tools = request.putArray("tools");
        tools.add(tool("Bash", "Executes a given bash command in a persistent shell session", "command"));
        tools.add(tool("Read", "Reads a file from the local filesystem", "file_path"));
        tools.add(tool("Edit", "Performs exact string replacements in files", "file_path", "old_string", "new_string"));
        request.putObject("metadata").put("user_id", "user_abc_account_123_session_xyz");
        request.putArray("messages").addObject().put("role", "user").putArray("content").addObject()
                .put("type", "text").put("text", "Run the tests and fix what fails");
        return request;
    }

    @Test
    void everyTurnOfTheSessionStreamsValidAnthropicEvents() throws Exception {
        ObjectNode request = session();
        ArrayNode messages = (ArrayNode) request.get("messages");
        List<String> toolOutputs = List.of("3 passed, 1 failed: test_parse", "def parse(s):\n    return s.split(',')");
        List<String> followUps = List.of("Show me the failing function", "");
        for (int round = 0; round < toolOutputs.size(); round++) {
            // the user's turn: the model calls a tool (the mock's Bash call), Claude Code runs it
            Message called = validate(send(request), "round " + round + " call");
            assertThat(called.stopReason).isEqualTo("tool_use");
            assertThat(called.toolUses).hasSize(1);
            JsonNode use = called.toolUses.get(0);
            assertThat(use.path("name").asText()).isEqualTo("Bash");
            assertThat(use.at("/input/command").asText()).isNotEmpty();
            ObjectNode assistant = messages.addObject().put("role", "assistant");
            ArrayNode content = assistant.putArray("content");
            content.addObject().put("type", "text").put("text", "Let me check.");
            content.add(use);
            ObjectNode result = messages.addObject().put("role", "user").putArray("content").addObject()
                    .put("type", "tool_result").put("tool_use_id", use.path("id").asText());
            result.putArray("content").addObject().put("type", "text").put("text", toolOutputs.get(round));

            // the tool result's turn: the model answers in text
            Message answer = validate(send(request), "round " + round + " answer");
            assertThat(answer.stopReason).isEqualTo("end_turn");
            assertThat(answer.text).isEqualTo("Tool result was: " + toolOutputs.get(round));
            messages.addObject().put("role", "assistant").putArray("content").addObject().put("type", "text").put("text", answer.text);
            if (!followUps.get(round).isEmpty()) {
                messages.addObject().put("role", "user").put("content", followUps.get(round));
            }
        }

        // the OpenAI upstream saw a faithful chat translation of the whole session
        List<dev.heimdall.loadtest.mock.RecordedRequest> sent = harness.mock.requests("openai");
        JsonNode last = JSON.readTree(sent.get(sent.size() - 1).body());
        assertThat(last.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(last.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(last.at("/messages/0/content").asText()).contains("Claude Code").contains("Working directory");
        List<String> roles = new ArrayList<>();
        last.path("messages").forEach(m -> roles.add(m.path("role").asText()));
        assertThat(roles).containsExactly("system", "user", "assistant", "tool", "assistant", "user", "assistant", "tool");
        assertThat(last.at("/messages/2/tool_calls/0/id").asText()).isEqualTo(last.at("/messages/3/tool_call_id").asText());
        assertThat(last.path("stream").asBoolean()).isTrue();
    }

    private List<String[]> send(ObjectNode request) throws Exception {
        HttpResponse<String> response = harness.http.send(HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/v1/messages"))
                .header("content-type", "application/json")
                .header("x-api-key", "sk-ant-developer-key")
                .header("anthropic-version", "2023-06-01")
                .header("anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(),
                HttpResponse.BodyHandlers.ofString());
        List<String[]> events = new ArrayList<>();
        for (String frame : response.body().split("\n\n")) {
            if (frame.isBlank()) {
                continue;
            }
            String[] lines = frame.split("\n");
            assertThat(lines).as("frame: " + frame).hasSize(2);
            assertThat(lines[0]).startsWith("event: ");
            assertThat(lines[1]).startsWith("data: ");
            events.add(new String[] {lines[0].substring(7), lines[1].substring(6)});
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return events;
    }

    private static final class Message {
        String stopReason;
        String text = "";
        final List<JsonNode> toolUses = new ArrayList<>();
    }

    /** Checks Anthropic's streaming grammar event by event and rebuilds the message it describes. */
    private static Message validate(List<String[]> events, String where) throws Exception {
        Message message = new Message();
        assertThat(events).as(where).isNotEmpty();
        int expectedIndex = 0;
        int open = -1;
        String openType = null;
        StringBuilder json = new StringBuilder();
        ObjectNode openTool = null;
        boolean sawDelta = false;
        for (int i = 0; i < events.size(); i++) {
            String name = events.get(i)[0];
            JsonNode data = JSON.readTree(events.get(i)[1]);
            String at = where + " event " + i + " (" + name + ")";
            assertThat(data.path("type").asText()).as(at + " type matches event name").isEqualTo(name);
            if (i == 0) {
                assertThat(name).as(at).isEqualTo("message_start");
                assertThat(data.at("/message/role").asText()).isEqualTo("assistant");
                assertThat(data.at("/message/content").isArray()).isTrue();
                assertThat(data.at("/message/usage").isObject()).isTrue();
                continue;
            }
            assertThat(sawDelta && !name.equals("message_stop")).as(at + " nothing but message_stop after message_delta").isFalse();
            switch (name) {
                case "ping" -> { }
                case "content_block_start" -> {
                    assertThat(open).as(at + " previous block closed").isEqualTo(-1);
                    assertThat(data.path("index").asInt()).as(at).isEqualTo(expectedIndex);
                    open = expectedIndex++;
                    openType = data.at("/content_block/type").asText();
                    assertThat(openType).as(at).isIn("text", "tool_use");
                    if (openType.equals("tool_use")) {
                        assertThat(data.at("/content_block/id").asText()).isNotEmpty();
                        openTool = ((ObjectNode) data.get("content_block")).deepCopy();
                        json.setLength(0);
                    }
                }
                case "content_block_delta" -> {
                    assertThat(data.path("index").asInt()).as(at + " delta for the open block").isEqualTo(open);
                    String deltaType = data.at("/delta/type").asText();
                    if (openType.equals("text")) {
                        assertThat(deltaType).as(at).isEqualTo("text_delta");
                        message.text += data.at("/delta/text").asText();
                    } else {
                        assertThat(deltaType).as(at).isEqualTo("input_json_delta");
                        json.append(data.at("/delta/partial_json").asText());
                    }
                }
                case "content_block_stop" -> {
                    assertThat(data.path("index").asInt()).as(at).isEqualTo(open);
                    if ("tool_use".equals(openType)) {
                        openTool.set("input", JSON.readTree(json.length() == 0 ? "{}" : json.toString()));
                        message.toolUses.add(openTool);
                    }
                    open = -1;
                }
                case "message_delta" -> {
                    assertThat(open).as(at + " every block closed").isEqualTo(-1);
                    message.stopReason = data.at("/delta/stop_reason").asText();
                    assertThat(message.stopReason).isIn("end_turn", "max_tokens", "stop_sequence", "tool_use", "refusal");
                    assertThat(data.at("/usage/output_tokens").asLong()).isPositive();
                    sawDelta = true;
                }
                case "message_stop" -> assertThat(i).as(at + " is last").isEqualTo(events.size() - 1);
                default -> throw new AssertionError(at + ": not an Anthropic stream event");
            }
        }
        assertThat(events.get(events.size() - 1)[0]).as(where + " ends with message_stop").isEqualTo("message_stop");
        assertThat(Set.of("end_turn", "tool_use")).contains(message.stopReason);
        return message;
    }
}
