package dev.heimdall.loadtest.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heimdall.loadtest.mock.bedrock.BedrockMock;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** The Bedrock mock over raw HTTP: framing checked byte by byte, fault injection in Bedrock's error shape. */
class BedrockMockTest extends MockHttp {
    private static final String HELLO = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hello there\"}]}]}";

    /** One decoded event-stream message. */
    record Frame(Map<String, String> headers, JsonNode payload) {
    }

    private static HttpResponse<byte[]> signed(String path, String body, String... extraHeaders) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        URI uri = URI.create(mock.baseUrl() + "/bedrock" + path);
        SdkHttpRequest.Builder http = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri)
                .putHeader("content-type", "application/json");
        for (int i = 0; i < extraHeaders.length; i += 2) {
            http.putHeader(extraHeaders[i], extraHeaders[i + 1]);
        }
        var signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(BedrockMock.ACCESS_KEY_ID, BedrockMock.SECRET_ACCESS_KEY))
                .request(http.build())
                .payload(ContentStreamProvider.fromByteArray(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "bedrock")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        signed.request().forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static List<Frame> frames(byte[] body) {
        List<Frame> frames = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.wrap(body);
        while (buf.hasRemaining()) {
            int start = buf.position();
            int total = buf.getInt();
            int headersLength = buf.getInt();
            CRC32 prelude = new CRC32();
            prelude.update(body, start, 8);
            assertThat(buf.getInt() & 0xffffffffL).isEqualTo(prelude.getValue());
            Map<String, String> headers = new HashMap<>();
            int end = buf.position() + headersLength;
            while (buf.position() < end) {
                byte[] name = new byte[buf.get() & 0xff];
                buf.get(name);
                assertThat(buf.get()).as("header type").isEqualTo((byte) 7);
                byte[] value = new byte[buf.getShort() & 0xffff];
                buf.get(value);
                headers.put(new String(name, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8));
            }
            byte[] payload = new byte[total - 16 - headersLength];
            buf.get(payload);
            CRC32 message = new CRC32();
            message.update(body, start, total - 4);
            assertThat(buf.getInt() & 0xffffffffL).isEqualTo(message.getValue());
            frames.add(new Frame(headers, parse(new String(payload, StandardCharsets.UTF_8))));
        }
        return frames;
    }

    @Test
    void conversesWithDeterministicReplyAndUsage() throws Exception {
        HttpResponse<byte[]> res = signed("/model/amazon.nova-pro-v1%3A0/converse", HELLO);
        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode json = parse(new String(res.body(), StandardCharsets.UTF_8));
        assertThat(json.at("/output/message/role").asText()).isEqualTo("assistant");
        assertThat(json.at("/output/message/content/0/text").asText()).isEqualTo("Mock reply to: hello there");
        assertThat(json.get("stopReason").asText()).isEqualTo("end_turn");
        assertThat(json.at("/usage/inputTokens").asInt()).isEqualTo(10);
        assertThat(json.at("/usage/outputTokens").asInt()).isEqualTo(5);
        assertThat(json.at("/usage/totalTokens").asInt()).isEqualTo(15);
        assertThat(mock.requests("bedrock").get(0).model()).isEqualTo("amazon.nova-pro-v1:0");
    }

    @Test
    void streamsEventStreamFramesWithValidCrcsAndHeaders() throws Exception {
        HttpResponse<byte[]> res = signed("/model/amazon.nova-pro-v1%3A0/converse-stream", HELLO);
        assertThat(res.headers().firstValue("content-type")).hasValue("application/vnd.amazon.eventstream");
        List<Frame> frames = frames(res.body());
        assertThat(frames).extracting(f -> f.headers().get(":event-type")).containsExactly("messageStart",
                "contentBlockDelta", "contentBlockDelta", "contentBlockDelta", "contentBlockDelta",
                "contentBlockDelta", "contentBlockStop", "messageStop", "metadata");
        assertThat(frames).allSatisfy(f -> {
            assertThat(f.headers()).containsEntry(":message-type", "event")
                    .containsEntry(":content-type", "application/json");
        });
        StringBuilder text = new StringBuilder();
        frames.subList(1, 6).forEach(f -> text.append(f.payload().at("/delta/text").asText()));
        assertThat(text.toString()).isEqualTo("Mock reply to: hello there");
        assertThat(frames.get(7).payload().get("stopReason").asText()).isEqualTo("end_turn");
        assertThat(frames.get(8).payload().at("/usage/totalTokens").asInt()).isEqualTo(15);
    }

    @Test
    void streamsAToolCallAsStartAndInputFragments() throws Exception {
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Oslo\"}]}],\"toolConfig\":{\"tools\":"
                + "[{\"toolSpec\":{\"name\":\"get_weather\",\"inputSchema\":{\"json\":{\"type\":\"object\","
                + "\"properties\":{\"city\":{\"type\":\"string\"}}}}}}]}}";
        List<Frame> frames = frames(signed("/model/amazon.nova-pro-v1%3A0/converse-stream", body).body());
        Frame start = frames.get(1);
        assertThat(start.headers().get(":event-type")).isEqualTo("contentBlockStart");
        assertThat(start.payload().at("/start/toolUse/name").asText()).isEqualTo("get_weather");
        StringBuilder input = new StringBuilder();
        frames.stream().filter(f -> "contentBlockDelta".equals(f.headers().get(":event-type")))
                .forEach(f -> input.append(f.payload().at("/delta/toolUse/input").asText()));
        assertThat(parse(input.toString()).get("city").asText()).isEqualTo("Oslo");
        assertThat(frames.get(frames.size() - 2).payload().get("stopReason").asText()).isEqualTo("tool_use");
    }

    @Test
    void injectedFaultsUseBedrocksErrorShapeAndType() throws Exception {
        mock.faults().add(FaultRule.status(429, 3).provider("bedrock").model("amazon.nova-pro-v1:0"));
        HttpResponse<byte[]> res = signed("/model/amazon.nova-pro-v1%3A0/converse", HELLO);
        assertThat(res.statusCode()).isEqualTo(429);
        assertThat(res.headers().firstValue("x-amzn-ErrorType").orElseThrow()).startsWith("ThrottlingException:");
        assertThat(res.headers().firstValue("retry-after")).hasValue("3");
        assertThat(parse(new String(res.body(), StandardCharsets.UTF_8)).get("message").asText())
                .startsWith("Too many requests");
    }

    @Test
    void aTooLongPromptIsAValidationException() throws Exception {
        HttpResponse<byte[]> res = signed("/model/tiny-model/converse", "{\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"text\":\"" + "word ".repeat(100) + "\"}]}]}");
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.headers().firstValue("x-amzn-ErrorType").orElseThrow()).startsWith("ValidationException:");
        assertThat(new String(res.body(), StandardCharsets.UTF_8)).contains("Input is too long");
    }

    @Test
    void unsignedRequestsAreRefused() throws Exception {
        HttpResponse<String> res = send("POST", "/bedrock/model/amazon.nova-pro-v1%3A0/converse", HELLO,
                "content-type", "application/json");
        assertThat(res.statusCode()).isEqualTo(403);
        assertThat(res.headers().firstValue("x-amzn-ErrorType").orElseThrow())
                .startsWith("MissingAuthenticationTokenException:");
    }

    @Test
    void embedsWithTitanAndCohere() throws Exception {
        JsonNode titan = parse(new String(signed("/model/amazon.titan-embed-text-v2%3A0/invoke",
                "{\"inputText\":\"embed me\",\"dimensions\":256,\"normalize\":true}").body(), StandardCharsets.UTF_8));
        assertThat(titan.get("embedding")).hasSize(256);
        assertThat(titan.get("inputTextTokenCount").asInt()).isEqualTo(2);
        JsonNode cohere = parse(new String(signed("/model/cohere.embed-english-v3/invoke",
                "{\"texts\":[\"a\",\"b\"],\"input_type\":\"search_document\"}").body(), StandardCharsets.UTF_8));
        assertThat(cohere.get("embeddings")).hasSize(2);
        assertThat(cohere.at("/embeddings/0")).hasSize(1024);
    }
}
