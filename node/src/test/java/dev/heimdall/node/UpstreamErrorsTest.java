package dev.heimdall.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.errors.UnauthorizedException;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.heimdall.loadtest.mock.FaultRule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Each upstream error class reaches the client in OpenAI's shape, so the SDK raises the right exception. */
class UpstreamErrorsTest {

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

    @BeforeEach
    void reset() {
        harness.reset();
    }

    private static ChatCompletionCreateParams chat(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("hello").build();
    }

    @Test
    void rateLimitStays429WithRetryAfter() throws Exception {
        harness.mock.faults().add(FaultRule.status(429, 7).provider("openai"));
        RateLimitException e = catchThrowableOfType(RateLimitException.class,
                () -> harness.openai.chat().completions().create(chat("openai/gpt-4o-mini")));
        assertThat(e.statusCode()).isEqualTo(429);
        assertThat(e.headers().values("retry-after")).containsExactly("7");

        harness.mock.faults().add(FaultRule.status(429, 7).provider("anthropic"));
        HttpResponse<String> raw = harness.post("/v1/chat/completions", "application/json",
                "{\"model\":\"anthropic/claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(raw.statusCode()).isEqualTo(429);
        assertThat(raw.headers().firstValue("retry-after")).contains("7");
        JsonNode error = JSON.readTree(raw.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.path("message").asText()).isNotBlank();
    }

    @Test
    void serverErrorKeepsItsStatusAndTheProvidersMessage() {
        harness.mock.faults().add(FaultRule.status(503).provider("openai"));
        InternalServerException e = catchThrowableOfType(InternalServerException.class,
                () -> harness.openai.chat().completions().create(chat("openai/gpt-4o-mini")));
        assertThat(e.statusCode()).isEqualTo(503);
        assertThat(e.getMessage()).isNotBlank();
    }

    @Test
    void anthropicOverloadedIsAServerError() {
        harness.mock.faults().add(FaultRule.status(529).provider("anthropic"));
        InternalServerException e = catchThrowableOfType(InternalServerException.class,
                () -> harness.openai.chat().completions().create(chat("anthropic/claude-sonnet-4-5")));
        assertThat(e.statusCode()).isEqualTo(529);
    }

    @Test
    void rejectedUpstreamKeyIsAnAuthenticationErrorThatNeverShowsTheKey() {
        UnauthorizedException e = catchThrowableOfType(UnauthorizedException.class,
                () -> harness.openai.chat().completions().create(chat("badkey/gpt-4o-mini")));
        assertThat(e.statusCode()).isEqualTo(401);
        assertThat(e.getMessage()).doesNotContain("invalid-key-000");
    }

    @Test
    void contextTooLongIsABadRequestWithItsCode() {
        // the mock gives "small-context" a 1,000-token window (see GatewayHarness)
        String longPrompt = "word ".repeat(5_000);
        BadRequestException e = catchThrowableOfType(BadRequestException.class,
                () -> harness.openai.chat().completions().create(chat("openai/small-context").toBuilder()
                        .messages(java.util.List.of()).addUserMessage(longPrompt).build()));
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.code()).contains("context_length_exceeded");
    }

    @Test
    void unreachableUpstreamIs502() {
        OpenAIServiceException e = catchThrowableOfType(OpenAIServiceException.class,
                () -> harness.openai.chat().completions().create(chat("down/gpt-4o")));
        assertThat(e.statusCode()).isEqualTo(502);
        assertThat(e.getMessage()).contains("down");
    }

    @Test
    void upstreamThatDoesNotAnswerInTimeIs504() {
        harness.mock.faults().add(FaultRule.delay(5_000).provider("openai"));
        OpenAIServiceException e = catchThrowableOfType(OpenAIServiceException.class,
                () -> harness.openai.chat().completions().create(chat("openai/gpt-4o-mini")));
        assertThat(e.statusCode()).isEqualTo(504);
    }

    @Test
    void connectionResetBeforeAnswerIs502() {
        harness.mock.faults().add(FaultRule.reset().provider("openai"));
        OpenAIServiceException e = catchThrowableOfType(OpenAIServiceException.class,
                () -> harness.openai.chat().completions().create(chat("openai/gpt-4o-mini")));
        assertThat(e.statusCode()).isEqualTo(502);
    }

    @Test
    void retryableFailureFallsBackToTheNextTargetOfTheAlias() throws Exception {
        HttpResponse<String> response = harness.post("/v1/chat/completions", "application/json",
                "{\"model\":\"resilient\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-heimdall-provider")).contains("openai");
        // the unreachable target is tried twice (the default retry.max-retries is 1), then the fallback answers
        assertThat(response.headers().firstValue("x-heimdall-attempts")).contains("3");
    }

    @Test
    void serverErrorOnThePrimaryIsAnsweredByTheFallback() throws Exception {
        harness.mock.faults().add(FaultRule.status(503).provider("openai"));
        HttpResponse<String> response = harness.post("/v1/chat/completions", "application/json",
                "{\"model\":\"smart\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-heimdall-provider")).contains("anthropic");
        assertThat(JSON.readTree(response.body()).at("/choices/0/message/content").asText()).contains("Mock reply to: hi");
    }

    @Test
    void clientErrorIsNeverRetriedElsewhere() throws Exception {
        harness.mock.faults().add(FaultRule.status(400).provider("openai"));
        HttpResponse<String> response = harness.post("/v1/chat/completions", "application/json",
                "{\"model\":\"smart\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(harness.mock.requests("anthropic")).isEmpty();
    }

    @Test
    void streamCutBeforeTheFirstEventFallsBackAndAfterItEndsWithAnErrorEvent() throws Exception {
        harness.mock.faults().add(FaultRule.cutAfter(0).provider("openai"));
        HttpResponse<String> before = harness.post("/v1/chat/completions", "application/json",
                "{\"model\":\"smart\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(before.statusCode()).isEqualTo(200);
        assertThat(before.headers().firstValue("x-heimdall-provider")).contains("anthropic");
        assertThat(before.body()).contains("Mock").endsWith("data: [DONE]\n\n");

        harness.mock.faults().clear();
        harness.mock.faults().add(FaultRule.cutAfter(3).provider("openai"));
        HttpResponse<String> after = harness.post("/v1/chat/completions", "application/json",
                "{\"model\":\"openai/gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"one two three four five six\"}]}");
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.body()).contains("\"error\"").doesNotContain("[DONE]");
    }

    @Test
    void theNodeKeepsServingAfterErrors() {
        assertThatThrownBy(() -> harness.openai.chat().completions().create(chat("down/gpt-4o")))
                .isInstanceOf(OpenAIServiceException.class);
        assertThat(harness.openai.chat().completions().create(chat("openai/gpt-4o-mini")).choices()).hasSize(1);
    }
}
