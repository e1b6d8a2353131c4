package dev.heimdall.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import dev.heimdall.loadtest.mock.FaultRule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The OpenAI Java SDK's Responses API against a real node, served by the mock's OpenAI (Chat Completions) and
 * Anthropic (Messages) APIs upstream: the same client code works whichever provider the model names.
 */
class ResponsesApiTest {

    private static final String CONFIG = """
            server: { host: 127.0.0.1, port: 0, event-loops: 1, max-body-size: 64KiB }
            providers:
              openai:
                type: openai
                base-url: "http://127.0.0.1:MOCK/openai"
                keys: [ { name: main, value: sk-test-openai } ]
                models: [ gpt-4o-mini ]
                timeouts: { connect: 1s, first-byte: 2s, idle: 2s }
              anthropic:
                type: anthropic
                base-url: "http://127.0.0.1:MOCK/anthropic"
                keys: [ { name: main, value: sk-ant-test } ]
                models: [ claude-sonnet-4-5 ]
            """;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static GatewayHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = GatewayHarness.start(CONFIG, GatewayHarness.mockDefaults());
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    @BeforeEach
    void reset() {
        harness.reset();
    }

    private static String text(Response response) {
        return response.output().stream().flatMap(item -> item.message().stream())
                .flatMap(m -> m.content().stream()).flatMap(c -> c.outputText().stream())
                .map(t -> t.text()).collect(Collectors.joining());
    }

    private static FunctionTool weatherTool() {
        return FunctionTool.builder().name("get_weather").description("Weather for a city").strict(false)
                .parameters(FunctionTool.Parameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                        .build())
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5"})
    void answersAPlainTextInputThroughEachUpstream(String model) {
        Response response = harness.openai.responses().create(
                ResponseCreateParams.builder().model(model).input("hello there").build());

        assertThat(response.id()).startsWith("resp_");
        assertThat(response.status()).contains(ResponseStatus.COMPLETED);
        assertThat(text(response)).isEqualTo("Mock reply to: hello there");
        assertThat(response.usage()).hasValueSatisfying(usage -> {
            assertThat(usage.inputTokens()).isPositive();
            assertThat(usage.outputTokens()).isPositive();
            assertThat(usage.totalTokens()).isEqualTo(usage.inputTokens() + usage.outputTokens());
        });
        assertThat(response._additionalProperties().get("store")).isEqualTo(JsonValue.from(false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5"})
    void instructionsReachTheUpstreamAsTheSystemPrompt(String model) throws Exception {
        Response response = harness.openai.responses().create(ResponseCreateParams.builder().model(model)
                .instructions("You are terse.").input("hi").build());

        assertThat(response.instructions()).isPresent();
        String provider = model.substring(0, model.indexOf('/'));
        JsonNode sent = JSON.readTree(harness.mock.requests(provider).get(0).body());
        String system = provider.equals("anthropic")
                ? (sent.path("system").isTextual() ? sent.path("system").asText() : sent.path("system").toString())
                : sent.path("messages").get(0).toString();
        assertThat(system).contains("You are terse.");
        if (provider.equals("openai")) {
            assertThat(harness.mock.requests("openai").get(0).path()).endsWith("/chat/completions");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5"})
    void streamsTypedEventsEndingInCompletedWithUsage(String model) {
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = harness.openai.responses().createStreaming(
                ResponseCreateParams.builder().model(model).input("stream me some words").build())) {
            stream.stream().forEach(events::add);
        }

        assertThat(events.get(0).isCreated()).isTrue();
        assertThat(events.get(1).isInProgress()).isTrue();
        String streamed = events.stream().flatMap(e -> e.outputTextDelta().stream()).map(d -> d.delta())
                .collect(Collectors.joining());
        assertThat(streamed).isEqualTo("Mock reply to: stream me some words");
        assertThat(events.stream().filter(ResponseStreamEvent::isOutputTextDelta).count()).isGreaterThan(2);
        ResponseStreamEvent last = events.get(events.size() - 1);
        assertThat(last.isCompleted()).isTrue();
        Response completed = last.asCompleted().response();
        assertThat(text(completed)).isEqualTo(streamed);
        assertThat(completed.usage()).hasValueSatisfying(u -> assertThat(u.outputTokens()).isPositive());
        List<Long> sequence = events.stream().map(ResponsesApiTest::sequenceNumber).toList();
        assertThat(sequence).isSorted().doesNotHaveDuplicates().startsWith(0L);
    }

    private static long sequenceNumber(ResponseStreamEvent event) {
        return ObjectMappers.jsonMapper().valueToTree(event).path("sequence_number").asLong(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5"})
    void functionToolRoundTrip(String model) throws Exception {
        EasyInputMessage user = EasyInputMessage.builder().role(EasyInputMessage.Role.USER).content("Paris").build();
        Response first = harness.openai.responses().create(ResponseCreateParams.builder().model(model)
                .inputOfResponse(List.of(ResponseInputItem.ofEasyInputMessage(user))).addTool(weatherTool()).build());

        ResponseFunctionToolCall call = first.output().stream().flatMap(i -> i.functionCall().stream())
                .findFirst().orElseThrow();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(JSON.readTree(call.arguments()).path("city").asText()).isEqualTo("Paris");
        assertThat(call.callId()).isNotBlank();
        assertThat(call.id()).hasValueSatisfying(id -> assertThat(id).startsWith("fc_"));

        Response second = harness.openai.responses().create(ResponseCreateParams.builder().model(model)
                .inputOfResponse(List.of(ResponseInputItem.ofEasyInputMessage(user),
                        ResponseInputItem.ofFunctionCall(call),
                        ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                                .callId(call.callId()).output("sunny, 21C").build())))
                .addTool(weatherTool()).build());
        assertThat(text(second)).isEqualTo("Tool result was: sunny, 21C");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5"})
    void streamsFunctionCallArguments(String model) throws Exception {
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = harness.openai.responses().createStreaming(
                ResponseCreateParams.builder().model(model).input("Oslo").addTool(weatherTool()).build())) {
            stream.stream().forEach(events::add);
        }

        String arguments = events.stream().flatMap(e -> e.functionCallArgumentsDelta().stream())
                .map(d -> d.delta()).collect(Collectors.joining());
        assertThat(JSON.readTree(arguments).path("city").asText()).isEqualTo("Oslo");
        assertThat(events.stream().flatMap(e -> e.functionCallArgumentsDone().stream()))
                .singleElement().satisfies(done -> {
                    assertThat(done.arguments()).isEqualTo(arguments);
                    assertThat(done.name()).isEqualTo("get_weather");
                });
        ResponseOutputItem item = events.stream().flatMap(e -> e.outputItemDone().stream())
                .map(d -> d.item()).filter(ResponseOutputItem::isFunctionCall).findFirst().orElseThrow();
        assertThat(item.asFunctionCall().arguments()).isEqualTo(arguments);
        Response completed = events.get(events.size() - 1).completed().orElseThrow().response();
        assertThat(completed.output()).anySatisfy(o -> assertThat(o.isFunctionCall()).isTrue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5"})
    void aMaxOutputTokensCutIsIncomplete(String model) {
        Response response = harness.openai.responses().create(ResponseCreateParams.builder().model(model)
                .input("one two three four five six").maxOutputTokens(2).build());

        assertThat(response.status()).contains(ResponseStatus.INCOMPLETE);
        assertThat(response.incompleteDetails()).hasValueSatisfying(d -> assertThat(d.reason())
                .contains(Response.IncompleteDetails.Reason.MAX_OUTPUT_TOKENS));
        assertThat(text(response)).isEqualTo("Mock reply");
    }

    @Test
    void answersCarryRoutingHeadersAndAreCountedUnderTheirOwnIngress() throws Exception {
        HttpResponse<String> response = harness.post("/v1/responses", "application/json",
                "{\"model\":\"anthropic/claude-sonnet-4-5\",\"input\":\"hi\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-heimdall-provider")).contains("anthropic");
        assertThat(response.headers().firstValue("x-heimdall-model")).contains("claude-sonnet-4-5");
        assertThat(response.headers().firstValue("x-request-id")).isPresent();
        assertThat(JSON.readTree(response.body()).path("object").asText()).isEqualTo("response");
        assertThat(harness.get("/metrics").body()).as("counted once, as answered, not also as a disconnect")
                .doesNotContain("{ingress=\"responses\",model=\"claude-sonnet-4-5\",provider=\"anthropic\",status=\"499\"}")
                .contains("{ingress=\"responses\",model=\"claude-sonnet-4-5\",provider=\"anthropic\",status=\"200\"}");
    }

    @Test
    void clientThatHangsUpMidStreamCancelsTheRequest() throws Exception {
        String body = "{\"model\":\"openai/gpt-4o-mini\",\"stream\":true,\"input\":\"a b c d e f g h i j k l m n o p\"}";
        harness.mock.settings().interTokenMs(200);
        try (Socket socket = new Socket("127.0.0.1", harness.node.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/responses HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null && !line.equals("event: response.output_text.delta")) {
                // read until the first text delta has arrived
            }
            assertThat(line).isNotNull();
        } finally {
            harness.mock.settings().interTokenMs(0);
        }
        // 16 pieces at 200 ms would take over 3 s; a cancelled request is over long before that
        String disconnected = "{ingress=\"responses\",model=\"gpt-4o-mini\",provider=\"openai\",status=\"499\"} 1.0";
        long deadline = System.nanoTime() + 2_500_000_000L;
        String metrics = "";
        while (System.nanoTime() < deadline && !metrics.contains(disconnected)) {
            Thread.sleep(50);
            metrics = harness.get("/metrics").body();
        }
        assertThat(metrics).contains(disconnected);
    }

    @Test
    void unknownModelIs404() {
        NotFoundException e = catchThrowableOfType(NotFoundException.class, () -> harness.openai.responses()
                .create(ResponseCreateParams.builder().model("nope/none").input("hi").build()));
        assertThat(e).isNotNull();
        assertThat(e.code()).contains("model_not_found");
        assertThat(e.param()).contains("model");
    }

    @Test
    void badInputIs400NamingTheParameter() {
        BadRequestException e = catchThrowableOfType(BadRequestException.class, () -> harness.openai.responses()
                .create(ResponseCreateParams.builder().model("openai/gpt-4o-mini").input("hi")
                        .temperature(7.0).build()));
        assertThat(e).isNotNull();
        assertThat(e.param()).contains("temperature");
        assertThat(harness.mock.requests("openai")).isEmpty();
    }

    @Test
    void previousResponseIdIs400BecauseTheGatewayIsStateless() {
        BadRequestException e = catchThrowableOfType(BadRequestException.class, () -> harness.openai.responses()
                .create(ResponseCreateParams.builder().model("openai/gpt-4o-mini").input("and then?")
                        .previousResponseId("resp_123").build()));
        assertThat(e).isNotNull();
        assertThat(e.param()).contains("previous_response_id");
        assertThat(e.type()).contains("invalid_request_error");
        assertThat(e.getMessage()).contains("send the full input");
    }

    @Test
    void hostedToolsAre400() throws Exception {
        HttpResponse<String> response = harness.post("/v1/responses", "application/json", """
                {"model":"openai/gpt-4o-mini","input":"hi","tools":[{"type":"web_search"}]}""");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("param").asText()).isEqualTo("tools[0].type");
        assertThat(error.path("message").asText()).contains("not supported by the gateway");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic"})
    void upstream429IsARateLimitException(String provider) {
        harness.mock.faults().add(FaultRule.status(429, 7).provider(provider));
        String model = provider.equals("openai") ? "openai/gpt-4o-mini" : "anthropic/claude-sonnet-4-5";
        RateLimitException e = catchThrowableOfType(RateLimitException.class, () -> harness.openai.responses()
                .create(ResponseCreateParams.builder().model(model).input("hi").build()));
        assertThat(e).isNotNull();
        assertThat(e.headers().values("retry-after")).containsExactly("7");
    }

    @Test
    void anUpstreamStreamThatBreaksOffEndsWithResponseFailed() {
        harness.mock.faults().add(FaultRule.cutAfter(3).provider("openai"));
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = harness.openai.responses().createStreaming(
                ResponseCreateParams.builder().model("openai/gpt-4o-mini").input("a long enough reply please")
                        .build())) {
            stream.stream().forEach(events::add);
        }
        assertThat(events).anySatisfy(e -> assertThat(e.isError()).isTrue());
        ResponseStreamEvent last = events.get(events.size() - 1);
        assertThat(last.isFailed()).isTrue();
        assertThat(last.asFailed().response().status()).contains(ResponseStatus.FAILED);
        assertThat(last.asFailed().response().error()).isPresent();
    }
}
