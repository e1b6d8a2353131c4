package dev.heimdall.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import dev.heimdall.loadtest.mock.FaultRule;
import dev.heimdall.loadtest.mock.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The OpenAI Java SDK against a real node with the mock's Vertex AI upstream: Gemini and Claude models, with access
 * tokens obtained from the mock's OAuth2 endpoint using a service account whose key pair the test generates.
 */
class VertexGatewayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMAIL = "heimdall@my-proj.iam.gserviceaccount.com";
    private static final String GEMINI_PATH = "/vertex/v1/projects/my-proj/locations/us-central1/publishers/google/"
            + "models/gemini-2.5-flash:generateContent";
    private static GatewayHarness harness;

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        String registered = serviceAccount(keys, EMAIL);
        String stranger = serviceAccount(generator.generateKeyPair(), "stranger@my-proj.iam.gserviceaccount.com");
        String yaml = """
                server: { host: 127.0.0.1, port: 0, event-loops: 2, max-body-size: 64KiB }
                providers:
                """ + provider("vertex", registered) + provider("vertex-reuse", registered)
                + provider("vertex-refresh", registered) + provider("vertex-concurrent", registered)
                + provider("vertex-stranger", stranger) + provider("vertex-unreachable",
                registered.replace("http://127.0.0.1:MOCK/vertex/token", "http://127.0.0.1:1/token"));
        harness = GatewayHarness.start(yaml, GatewayHarness.mockDefaults());
        HttpResponse<String> res = mockControl("POST", "service-accounts", "{\"client_email\":\"" + EMAIL
                + "\",\"public_key\":\"" + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()) + "\"}");
        assertThat(res.statusCode()).isEqualTo(200);
    }

    /** A service-account key file as Google issues it, with the mock's token endpoint. */
    private static String serviceAccount(KeyPair keys, String email) {
        String pem = "-----BEGIN PRIVATE KEY-----\\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(keys.getPrivate().getEncoded()).replace("\n", "\\n") + "\\n-----END PRIVATE KEY-----\\n";
        return "{\"type\":\"service_account\",\"project_id\":\"my-proj\",\"private_key_id\":\"k1\",\"private_key\":\""
                + pem + "\",\"client_email\":\"" + email + "\",\"token_uri\":\"http://127.0.0.1:MOCK/vertex/token\"}";
    }

    private static String provider(String name, String serviceAccount) {
        return "  " + name + ":\n"
                + "    type: vertex\n"
                + "    base-url: \"http://127.0.0.1:MOCK/vertex\"\n"
                + "    project: my-proj\n"
                + "    location: us-central1\n"
                + "    keys: [ { name: sa, service-account: '" + serviceAccount + "' } ]\n"
                + "    timeouts: { connect: 1s, first-byte: 2s, idle: 2s }\n";
    }

    private static HttpResponse<String> mockControl(String method, String what, String body) throws Exception {
        return harness.http.send(HttpRequest.newBuilder(URI.create(harness.mock.baseUrl() + "/vertex/_control/"
                        + what)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    @BeforeEach
    void reset() {
        harness.reset();
    }

    private static List<RecordedRequest> tokenRequests() {
        return harness.mock.requests("vertex").stream().filter(r -> r.path().equals("/vertex/token")).toList();
    }

    private static List<RecordedRequest> modelRequests() {
        return harness.mock.requests("vertex").stream().filter(r -> r.path().contains("/publishers/")).toList();
    }

    private static ChatCompletionCreateParams.Builder chat(String model, String text) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vertex/gemini-2.5-flash", "vertex/claude-sonnet-4-5"})
    void answersAChatWithAnIssuedBearerToken(String model) throws Exception {
        ChatCompletion completion = harness.openai.chat().completions().create(chat(model, "hello vertex")
                .addSystemMessage("Be brief.").build());

        assertThat(completion.choices().get(0).message().content()).contains("Mock reply to: hello vertex");
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(5);
        RecordedRequest upstream = modelRequests().get(0);
        assertThat(upstream.apiKey()).startsWith("ya29.mock-");
        if (model.contains("claude")) {
            assertThat(upstream.path()).endsWith("/publishers/anthropic/models/claude-sonnet-4-5:rawPredict");
            JsonNode body = JSON.readTree(upstream.body());
            assertThat(body.get("anthropic_version").asText()).isEqualTo("vertex-2023-10-16");
            assertThat(body.has("model")).isFalse();
        } else {
            assertThat(upstream.path()).isEqualTo(GEMINI_PATH);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vertex/gemini-2.5-flash", "vertex/claude-sonnet-4-5"})
    void streamsWithUsageInTheLastChunk(String model) {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = harness.openai.chat().completions().createStreaming(
                chat(model, "stream me some words")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunks::add);
        }
        String streamed = chunks.stream().flatMap(c -> c.choices().stream())
                .map(c -> c.delta().content().orElse("")).collect(Collectors.joining());
        assertThat(streamed).isEqualTo("Mock reply to: stream me some words");
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage().orElseThrow().completionTokens()).isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vertex/gemini-2.5-flash", "vertex/claude-sonnet-4-5"})
    void toolCallRoundTrip(String model) throws Exception {
        ChatCompletion first = harness.openai.chat().completions().create(
                chat(model, "Paris").addFunctionTool(GeminiGatewayTest.weatherTool()).build());
        ChatCompletion.Choice choice = first.choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(JSON.readTree(call.function().arguments()).path("city").asText()).isEqualTo("Paris");

        ChatCompletion second = harness.openai.chat().completions().create(chat(model, "Paris")
                .addFunctionTool(GeminiGatewayTest.weatherTool()).addMessage(choice.message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("sunny, 21C")
                        .build())
                .build());
        assertThat(second.choices().get(0).message().content()).contains("Tool result was: sunny, 21C");
    }

    @ParameterizedTest
    @ValueSource(strings = {"vertex/gemini-2.5-flash", "vertex/claude-sonnet-4-5"})
    void imagePartsReachTheModel(String model) {
        ChatCompletion completion = harness.openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(model)
                .addUserMessageOfArrayOfContentParts(List.of(
                        ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder().text("what is this")
                                .build()),
                        ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                                        .url("data:image/png;base64,iVBORw0KGgo=").build()).build())))
                .build());
        assertThat(completion.choices().get(0).message().content())
                .hasValueSatisfying(text -> assertThat(text).contains("what is this").contains("[1 image]"));
    }

    @Test
    void rateLimitStays429WithRetryAfter() {
        harness.mock.faults().add(FaultRule.status(429, 7).provider("vertex").path(GEMINI_PATH));
        RateLimitException e = catchThrowableOfType(RateLimitException.class,
                () -> harness.openai.chat().completions().create(chat("vertex/gemini-2.5-flash", "hi").build()));
        assertThat(e.statusCode()).isEqualTo(429);
        assertThat(e.headers().values("retry-after")).containsExactly("7");
    }

    @Test
    void serverErrorKeepsItsStatus() {
        harness.mock.faults().add(FaultRule.status(500).provider("vertex").path(GEMINI_PATH));
        InternalServerException e = catchThrowableOfType(InternalServerException.class,
                () -> harness.openai.chat().completions().create(chat("vertex/gemini-2.5-flash", "hi").build()));
        assertThat(e.statusCode()).isEqualTo(500);
    }

    @Test
    void aServiceAccountTheTokenEndpointRejectsIsAnAuthFailure() {
        UnauthorizedException e = catchThrowableOfType(UnauthorizedException.class,
                () -> harness.openai.chat().completions().create(chat("vertex-stranger/gemini-2.5-flash", "hi")
                        .build()));
        assertThat(e.statusCode()).isEqualTo(401);
        assertThat(e.getMessage()).doesNotContain("PRIVATE KEY");
        assertThat(modelRequests()).isEmpty();
    }

    @Test
    void anUnreachableTokenEndpointIsAnAuthFailure() {
        UnauthorizedException e = catchThrowableOfType(UnauthorizedException.class,
                () -> harness.openai.chat().completions().create(chat("vertex-unreachable/gemini-2.5-flash", "hi")
                        .build()));
        assertThat(e.statusCode()).isEqualTo(401);
        assertThat(modelRequests()).isEmpty();
    }

    @Test
    void tokenIsFetchedOnceAndReused() {
        for (int i = 0; i < 3; i++) {
            harness.openai.chat().completions().create(chat("vertex-reuse/gemini-2.5-flash", "hi " + i).build());
        }
        assertThat(tokenRequests()).hasSize(1);
        assertThat(modelRequests()).hasSize(3).extracting(RecordedRequest::apiKey).containsOnly(
                modelRequests().get(0).apiKey());
    }

    @Test
    void concurrentRequestsShareOneTokenFetch() {
        String body = "{\"model\":\"vertex-concurrent/gemini-2.5-flash\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"together\"}]}";
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(harness.http.sendAsync(HttpRequest.newBuilder(URI.create(harness.baseUrl()
                            + "/v1/chat/completions")).timeout(Duration.ofSeconds(20))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        assertThat(calls).allSatisfy(c -> assertThat(c.join().statusCode()).isEqualTo(200));
        assertThat(tokenRequests()).hasSize(1);
    }

    @Test
    void anExpiredTokenIsRefreshed() throws Exception {
        mockControl("PUT", "token-lifetime", "{\"seconds\":1}");
        try {
            harness.openai.chat().completions().create(chat("vertex-refresh/gemini-2.5-flash", "one").build());
            Thread.sleep(1_100);
            harness.openai.chat().completions().create(chat("vertex-refresh/gemini-2.5-flash", "two").build());
        } finally {
            mockControl("PUT", "token-lifetime", "{\"seconds\":3600}");
        }
        assertThat(tokenRequests()).hasSize(2);
        List<RecordedRequest> calls = modelRequests();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).apiKey()).isNotEqualTo(calls.get(1).apiKey());
    }
}
