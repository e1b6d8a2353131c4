package dev.heimdall.loadtest.mock;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.errors.ApiException;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.Schema;
import com.google.genai.types.Tool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Google's own GenAI Java SDK, pointed at the mock's {@code /gemini} API, understands its answers. */
class GoogleGenAiSdkTest extends MockHttp {

    private Client client;

    @BeforeEach
    void connect() {
        client = Client.builder().apiKey("AIza-sdk-test")
                .httpOptions(HttpOptions.builder().baseUrl(mock.baseUrl() + "/gemini")
                        .retryOptions(HttpRetryOptions.builder().attempts(1).build()).build())
                .build();
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    @Test
    void parsesGenerateContent() {
        GenerateContentResponse response = client.models.generateContent("gemini-2.5-flash", "hello sdk", null);

        assertThat(response.text()).isEqualTo("Mock reply to: hello sdk");
        assertThat(response.finishReason().toString()).isEqualTo("STOP");
        assertThat(response.usageMetadata().orElseThrow().candidatesTokenCount()).contains(5);
        assertThat(response.usageMetadata().orElseThrow().promptTokenCount()).contains(3 + 4 + 3);
        assertThat(response.modelVersion()).contains("gemini-2.5-flash");
        RecordedRequest sent = mock.requests("gemini").get(0);
        assertThat(sent.path()).isEqualTo("/gemini/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(sent.apiKey()).isEqualTo("AIza-sdk-test");
    }

    @Test
    void parsesGenerateContentStream() {
        List<String> pieces = new ArrayList<>();
        String finish = null;
        try (ResponseStream<GenerateContentResponse> stream =
                     client.models.generateContentStream("gemini-2.5-flash", "stream to the sdk", null)) {
            for (GenerateContentResponse chunk : stream) {
                pieces.add(chunk.text());
                if (chunk.finishReason() != null && chunk.candidates().orElseThrow().get(0).finishReason()
                        .isPresent()) {
                    finish = chunk.finishReason().toString();
                }
            }
        }
        assertThat(pieces).hasSize(7);
        assertThat(String.join("", pieces)).isEqualTo("Mock reply to: stream to the sdk");
        assertThat(finish).isEqualTo("STOP");
    }

    @Test
    void parsesAFunctionCall() {
        FunctionDeclaration weather = FunctionDeclaration.builder().name("get_weather").description("Weather")
                .parameters(Schema.builder().type("OBJECT")
                        .properties(ImmutableMap.of("city", Schema.builder().type("STRING").build())).build())
                .build();
        GenerateContentConfig config = GenerateContentConfig.builder()
                .tools(ImmutableList.of(Tool.builder().functionDeclarations(ImmutableList.of(weather)).build()))
                .build();

        GenerateContentResponse response = client.models.generateContent("gemini-2.5-flash", "Paris", config);

        FunctionCall call = response.functionCalls().get(0);
        assertThat(call.name()).contains("get_weather");
        assertThat(call.args().orElseThrow()).containsEntry("city", "Paris");
    }

    @Test
    void surfacesGoogleErrors() {
        mock.faults().add(FaultRule.status(429).provider("gemini"));
        ApiException e = catchThrowableOfType(ApiException.class,
                () -> client.models.generateContent("gemini-2.5-flash", "hi", null));
        assertThat(e.code()).isEqualTo(429);
        assertThat(e.status()).isEqualTo("RESOURCE_EXHAUSTED");
    }
}
