package dev.heimdall.loadtest.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heimdall.loadtest.mock.bedrock.BedrockMock;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;

/**
 * The official AWS SDK for Java, pointed at the mock: if its Converse and ConverseStream calls parse, the mock
 * speaks Bedrock's real format, SigV4 and event-stream framing included.
 */
class BedrockMockSdkTest extends MockHttp {
    private static final String MODEL = "anthropic.claude-3-5-sonnet-20240620-v1:0";
    private static BedrockRuntimeClient client;
    private static BedrockRuntimeAsyncClient asyncClient;

    @BeforeAll
    static void clients() {
        client = BedrockRuntimeClient.builder()
                .endpointOverride(URI.create(mock.baseUrl() + "/bedrock"))
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials(BedrockMock.SECRET_ACCESS_KEY))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        asyncClient = BedrockRuntimeAsyncClient.builder()
                .endpointOverride(URI.create(mock.baseUrl() + "/bedrock"))
                .region(Region.EU_WEST_1)
                .credentialsProvider(credentials(BedrockMock.SECRET_ACCESS_KEY))
                .build();
    }

    @AfterAll
    static void closeClients() {
        client.close();
        asyncClient.close();
    }

    private static StaticCredentialsProvider credentials(String secret) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(BedrockMock.ACCESS_KEY_ID, secret));
    }

    private static ConverseRequest hello() {
        return ConverseRequest.builder().modelId(MODEL)
                .messages(Message.builder().role(ConversationRole.USER)
                        .content(ContentBlock.fromText("hello there")).build())
                .build();
    }

    @Test
    void converseParsesInTheSdk() {
        ConverseResponse response = client.converse(hello());

        assertThat(response.output().message().content().get(0).text()).isEqualTo("Mock reply to: hello there");
        assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(response.usage().inputTokens()).isEqualTo(10);
        assertThat(response.usage().outputTokens()).isEqualTo(5);
        assertThat(mock.requests("bedrock")).singleElement().satisfies(r -> {
            assertThat(r.model()).isEqualTo(MODEL);
            assertThat(r.path()).isEqualTo("/bedrock/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse");
            assertThat(r.apiKey()).isEqualTo(BedrockMock.ACCESS_KEY_ID);
        });
    }

    @Test
    void converseWithAToolAndAnImage() {
        ConverseResponse response = client.converse(b -> b.modelId(MODEL)
                .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("Paris"),
                        ContentBlock.fromImage(i -> i.format("png")
                                .source(s -> s.bytes(SdkBytes.fromByteArray(new byte[]{1, 2, 3}))))).build())
                .toolConfig(t -> t.tools(Tool.fromToolSpec(ToolSpecification.builder().name("get_weather")
                        .inputSchema(s -> s.json(Document.mapBuilder().putString("type", "object")
                                .putDocument("properties", Document.mapBuilder().putDocument("city",
                                        Document.mapBuilder().putString("type", "string").build()).build())
                                .build())).build()))));

        assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
        var use = response.output().message().content().get(0).toolUse();
        assertThat(use.name()).isEqualTo("get_weather");
        assertThat(use.input().asMap().get("city").asString()).isEqualTo("Paris");
    }

    @Test
    void converseStreamParsesInTheSdkAsyncClient() throws Exception {
        StringBuilder text = new StringBuilder();
        AtomicReference<StopReason> stop = new AtomicReference<>();
        AtomicReference<TokenUsage> usage = new AtomicReference<>();
        List<String> order = new ArrayList<>();
        ConverseStreamResponseHandler handler = ConverseStreamResponseHandler.builder()
                .subscriber(ConverseStreamResponseHandler.Visitor.builder()
                        .onMessageStart(e -> order.add("messageStart"))
                        .onContentBlockDelta(e -> text.append(e.delta().text()))
                        .onMessageStop(e -> stop.set(e.stopReason()))
                        .onMetadata(e -> usage.set(e.usage()))
                        .build())
                .build();

        asyncClient.converseStream(ConverseStreamRequest.builder().modelId(MODEL).messages(hello().messages())
                .build(), handler).get(10, TimeUnit.SECONDS);

        assertThat(order).containsExactly("messageStart");
        assertThat(text.toString()).isEqualTo("Mock reply to: hello there");
        assertThat(stop.get()).isEqualTo(StopReason.END_TURN);
        assertThat(usage.get().totalTokens()).isEqualTo(15);
    }

    @Test
    void aWrongSecretIsAnInvalidSignature() {
        try (BedrockRuntimeClient wrong = BedrockRuntimeClient.builder()
                .endpointOverride(URI.create(mock.baseUrl() + "/bedrock"))
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials("not-the-secret"))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build()) {
            assertThatThrownBy(() -> wrong.converse(hello())).isInstanceOfSatisfying(BedrockRuntimeException.class,
                    e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                    });
        }
    }

    @Test
    void anUnknownKeyIsAnUnrecognizedClient() {
        try (BedrockRuntimeClient unknown = BedrockRuntimeClient.builder()
                .endpointOverride(URI.create(mock.baseUrl() + "/bedrock"))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAUNKNOWN",
                        "whatever")))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build()) {
            assertThatThrownBy(() -> unknown.converse(hello())).isInstanceOfSatisfying(BedrockRuntimeException.class,
                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
        }
    }

    @Test
    void anInjectedThrottleIsTheSdksThrottlingException() {
        assertThatThrownBy(() -> client.converse(hello().toBuilder().overrideConfiguration(o -> o.putHeader(
                "x-mock-fault", "status=429")).build())).isInstanceOf(ThrottlingException.class);
    }
}
