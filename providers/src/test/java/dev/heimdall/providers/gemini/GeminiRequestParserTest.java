package dev.heimdall.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.canonical.ContentPart;
import dev.heimdall.providers.canonical.Message;
import dev.heimdall.providers.canonical.Role;
import dev.heimdall.providers.canonical.ToolCall;
import dev.heimdall.providers.canonical.ToolChoice;
import dev.heimdall.providers.spi.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class GeminiRequestParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode body(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The function-calling conversation of the API reference, as the SDKs send it (upper-case schema types). */
    private static final String FUNCTION_CALLING = """
            {"systemInstruction": {"parts": [{"text": "You are a weather bot."}, {"text": "Be brief."}]},
             "contents": [
               {"role": "user", "parts": [{"text": "Weather in Boston and Paris?"},
                                          {"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}}]},
               {"role": "model", "parts": [
                  {"functionCall": {"name": "get_weather", "args": {"location": "Boston"}}},
                  {"functionCall": {"name": "get_weather", "args": {"location": "Paris"}}}]},
               {"role": "user", "parts": [
                  {"functionResponse": {"name": "get_weather", "response": {"result": "cold"}}},
                  {"functionResponse": {"name": "get_weather", "response": {"temp": 21, "unit": "C"}}}]}],
             "tools": [{"functionDeclarations": [{"name": "get_weather", "description": "Current weather",
                "parameters": {"type": "OBJECT", "properties": {"location": {"type": "STRING"},
                                                                "type": {"type": "STRING", "enum": ["A"]}},
                               "required": ["location"]}}]}],
             "toolConfig": {"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["get_weather"]}},
             "generationConfig": {"temperature": 0.5, "topP": 0.9, "maxOutputTokens": 200, "seed": 7,
                                  "stopSequences": ["END"], "candidateCount": 1}}
            """;

    @Test
    void parsesAFunctionCallingConversation() {
        ChatRequest request = GeminiRequestParser.parse("gpt-via-gemini", body(FUNCTION_CALLING), false);

        assertThat(request.model()).isEqualTo("gpt-via-gemini");
        List<Message> m = request.messages();
        assertThat(m).extracting(Message::role)
                .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL, Role.TOOL);
        assertThat(m.get(0).text()).isEqualTo("You are a weather bot.\nBe brief.");
        assertThat(m.get(1).content()).containsExactly(new ContentPart.Text("Weather in Boston and Paris?"),
                new ContentPart.Image(null, "image/png", "iVBORw0KGgo=", null));
        assertThat(m.get(2).toolCalls()).containsExactly(
                new ToolCall("call_0", "get_weather", "{\"location\":\"Boston\"}"),
                new ToolCall("call_1", "get_weather", "{\"location\":\"Paris\"}"));
        // responses pair with the calls of the same name in order; a lone text field becomes plain text
        assertThat(m.get(3).toolCallId()).isEqualTo("call_0");
        assertThat(m.get(3).text()).isEqualTo("cold");
        assertThat(m.get(4).toolCallId()).isEqualTo("call_1");
        assertThat(m.get(4).text()).isEqualTo("{\"temp\":21,\"unit\":\"C\"}");

        assertThat(request.tools()).hasSize(1);
        assertThat(request.tools().get(0).description()).isEqualTo("Current weather");
        assertThat(request.tools().get(0).parameters().toString()).isEqualTo("{\"type\":\"object\",\"properties\":"
                + "{\"location\":{\"type\":\"string\"},\"type\":{\"type\":\"string\",\"enum\":[\"A\"]}},"
                + "\"required\":[\"location\"]}");
        assertThat(request.toolChoice()).isEqualTo(ToolChoice.tool("get_weather"));
        assertThat(request.temperature()).isEqualTo(0.5);
        assertThat(request.topP()).isEqualTo(0.9);
        assertThat(request.maxTokens()).isEqualTo(200);
        assertThat(request.seed()).isEqualTo(7L);
        assertThat(request.stop()).containsExactly("END");
        assertThat(request.stream()).isFalse();
    }

    @Test
    void reencodingWithTheCodecGivesBackTheConversation() {
        JsonNode original = body(FUNCTION_CALLING);
        ObjectNode encoded = GeminiCodec.encodeBody(GeminiRequestParser.parse("m", body(FUNCTION_CALLING), true));
        assertThat(encoded.at("/contents/1/parts")).isEqualTo(original.at("/contents/1/parts"));
        assertThat(encoded.at("/contents/2/parts/0/functionResponse/name").asText()).isEqualTo("get_weather");
        assertThat(encoded.at("/contents/2/parts/1/functionResponse/response"))
                .isEqualTo(original.at("/contents/2/parts/1/functionResponse/response"));
        assertThat(encoded.at("/toolConfig")).isEqualTo(original.at("/toolConfig"));
    }

    @Test
    void echoedIdsFileDataJsonModeAndModes() {
        ChatRequest request = GeminiRequestParser.parse("m", body("""
                {"contents": [
                   {"parts": [{"fileData": {"mimeType": "image/jpeg", "fileUri": "https://example.com/a.jpg"}}]},
                   {"role": "model", "parts": [{"text": "thinking", "thought": true}, {"text": "Calling."},
                      {"functionCall": {"id": "abc", "name": "f", "args": {}}}]},
                   {"role": "user", "parts": [{"functionResponse": {"id": "abc", "name": "f", "response": {"output": "ok"}}},
                                              {"text": "thanks"}]}],
                 "tools": [{"functionDeclarations": [{"name": "f", "parametersJsonSchema": {"type": "object"}}]}],
                 "toolConfig": {"functionCallingConfig": {"mode": "NONE"}},
                 "generationConfig": {"responseMimeType": "application/json",
                                      "responseJsonSchema": {"type": "object"}}}
                """), true);
        List<Message> m = request.messages();
        assertThat(m.get(0).content()).containsExactly(ContentPart.Image.fromUrl("https://example.com/a.jpg", null));
        assertThat(m.get(1).text()).isEqualTo("Calling.");
        assertThat(m.get(1).toolCalls()).containsExactly(new ToolCall("abc", "f", "{}"));
        assertThat(m.get(2).role()).isEqualTo(Role.TOOL);
        assertThat(m.get(2).toolCallId()).isEqualTo("abc");
        assertThat(m.get(2).text()).isEqualTo("ok");
        assertThat(m.get(3).text()).isEqualTo("thanks");
        assertThat(request.toolChoice()).isEqualTo(ToolChoice.NONE);
        assertThat(request.responseFormat().toString())
                .isEqualTo("{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"response\",\"schema\":{\"type\":\"object\"}}}");
        assertThat(request.stream()).isTrue();
        assertThat(request.includeUsage()).isTrue();

        ChatRequest plainJson = GeminiRequestParser.parse("m", body("""
                {"contents": [{"parts": [{"text": "x"}]}], "generationConfig": {"responseMimeType": "application/json"},
                 "toolConfig": {"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["a", "b"]}}}
                """), false);
        assertThat(plainJson.responseFormat().toString()).isEqualTo("{\"type\":\"json_object\"}");
        assertThat(plainJson.toolChoice()).isEqualTo(ToolChoice.REQUIRED);

        ChatRequest openApiSchema = GeminiRequestParser.parse("m", body("""
                {"contents": [{"parts": [{"text": "x"}]}], "generationConfig": {"responseMimeType": "application/json",
                 "responseSchema": {"type": "ARRAY", "items": {"type": "STRING"}}}}
                """), false);
        assertThat(openApiSchema.responseFormat().at("/json_schema/schema").toString())
                .isEqualTo("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}|contents|contents is not specified",
            "{\"contents\":{}}|contents|expected a list",
            "{\"contents\":[{\"role\":\"robot\",\"parts\":[{\"text\":\"x\"}]}]}|contents[0].role|valid role: user, model",
            "{\"contents\":[{\"role\":\"user\"}]}|contents[0].parts|must not be empty",
            "{\"contents\":[{\"parts\":[{\"text\":5}]}]}|contents[0].parts[0].text|TYPE_STRING",
            "{\"contents\":[{\"parts\":[{\"executableCode\":{}}]}]}|contents[0].parts[0]|Unsupported part",
            "{\"contents\":[{\"parts\":[{\"functionResponse\":{\"name\":\"f\",\"response\":{}}}]}]}|contents[0].parts[0].functionResponse|does not follow a function call",
            "{\"contents\":[{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"args\":{}}}]}]}|contents[0].parts[0].functionCall.name|Name cannot be empty",
            "{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],\"generationConfig\":{\"temperature\":\"hot\"}}|generationConfig.temperature|'generation_config.temperature' (TYPE_FLOAT)",
            "{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],\"generationConfig\":{\"maxOutputTokens\":1.5}}|generationConfig.maxOutputTokens|'generation_config.max_output_tokens' (TYPE_INT32)",
            "{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],\"generationConfig\":{\"stopSequences\":\"END\"}}|generationConfig.stopSequences|expected a list",
            "{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],\"generationConfig\":{\"candidateCount\":2}}|generationConfig.candidateCount|candidateCount 1",
            "{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],\"generationConfig\":{\"responseMimeType\":\"text/x.enum\"}}|generationConfig.responseMimeType|allowed mimetypes",
            "{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],\"tools\":[{\"googleSearch\":{}}]}|tools[0].googleSearch|not supported",
            "{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],\"tools\":[{\"functionDeclarations\":[{\"description\":\"d\"}]}]}|tools[0].functionDeclarations[0].name|Name cannot be empty",
            "{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"SOMETIMES\"}}}|toolConfig.functionCallingConfig.mode|\"SOMETIMES\"",
            "{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],\"systemInstruction\":5}|systemInstruction|Content object",
            "{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],\"cachedContent\":\"cachedContents/abc\"}|cachedContent|not supported",
    })
    void rejectsWrongTypesWithTheParameter(String json, String param, String message) {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> GeminiRequestParser.parse("m", body(json), false));
        assertThat(e).as(json).isNotNull();
        assertThat(e.param()).isEqualTo(param);
        assertThat(e.getMessage()).contains(message);
    }
}
