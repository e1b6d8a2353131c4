package dev.heimdall.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.loadtest.mock.FaultRule;
import dev.heimdall.loadtest.mock.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guardrails through every ingress API, configured in the file and through the admin API: a secret is blocked before
 * any provider sees it, redactions reach the upstream as placeholders (the pass-through relay included), flagged
 * text passes, a key's own policy overrides the default, responses are redacted or blocked (a secret split across
 * streamed chunks included), and an external moderation check blocks, fails open or fails closed.
 */
class GuardrailsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Random RANDOM = new Random(7);
    /** Credentials of the right shape made up here, so that no real-looking secret sits in the repository. */
    private static final String AWS_KEY_ID = "AKIA" + of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
    private static final String AWS_SECRET = of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 40);
    private static final String EMAIL = "jane.doe@example.com";

    static final String DEFAULT_KEY = "hk-test-guard-default-000000000001";
    static final String STRICT_KEY = "hk-test-guard-strict-0000000000002";
    static final String FLAG_KEY = "hk-test-guard-flag-000000000000003";
    static final String OUTPUT_REDACT_KEY = "hk-test-guard-out-redact-000000004";
    static final String OUTPUT_BLOCK_KEY = "hk-test-guard-out-block-0000000005";
    static final String MODERATED_KEY = "hk-test-guard-moderated-0000000006";
    static final String MODERATED_OPEN_KEY = "hk-test-guard-mod-open-00000000007";

    static final String CONFIG = """
            server: { host: 127.0.0.1, port: 0, event-loops: 1, max-body-size: 1MiB }
            authentication: { required: true }
            providers:
              openai:
                type: openai
                base-url: "http://127.0.0.1:MOCK/openai"
                keys: [ { name: main, value: sk-test-openai } ]
              anthropic:
                type: anthropic
                base-url: "http://127.0.0.1:MOCK/anthropic"
                keys: [ { name: main, value: sk-ant-test } ]
              gemini:
                type: gemini
                base-url: "http://127.0.0.1:MOCK/gemini"
                keys: [ { name: main, value: gem-test } ]
            guardrails:
              secrets: block
              pii: redact
              policies:
                strict: { secrets: block, pii: block }
                flagging: { pii: flag }
                output-redact: { secrets: redact, output: true }
                output-block: { secrets: block, output: true, stream-window: 64 }
                moderated: { moderation: { provider: openai, timeout: 300ms } }
                moderated-open: { moderation: { provider: openai, timeout: 300ms, fail-open: true } }
            access-profiles:
              careful: { guardrails: strict }
            virtual-keys:
              - { name: default-user, key: "%s" }
              - { name: strict-user, key: "%s", profile: careful }
              - { name: flag-user, key: "%s", guardrails: flagging }
              - { name: output-redact-user, key: "%s", guardrails: output-redact }
              - { name: output-block-user, key: "%s", guardrails: output-block }
              - { name: moderated-user, key: "%s", guardrails: moderated }
              - { name: moderated-open-user, key: "%s", guardrails: moderated-open }
            """.formatted(DEFAULT_KEY, STRICT_KEY, FLAG_KEY, OUTPUT_REDACT_KEY, OUTPUT_BLOCK_KEY, MODERATED_KEY,
            MODERATED_OPEN_KEY) + AdminClient.ADMIN_SECTION;

    private static GatewayHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = GatewayHarness.start(CONFIG, GatewayHarness.mockDefaults().streamChunkWords(1));
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    @BeforeEach
    void reset() {
        harness.reset();
    }

    private static String of(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private HttpResponse<String> send(String path, String key, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(harness.baseUrl() + path))
                .timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json")
                .header("authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return harness.http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String chat(String model, String text, boolean stream) {
        ObjectNode body = JSON.createObjectNode().put("model", model).put("stream", stream);
        body.putArray("messages").addObject().put("role", "user").put("content", text);
        return body.toString();
    }

    /** One user message of several text parts (the mock echoes them joined by a space). */
    private static String chatParts(String model, boolean stream, String... parts) {
        ObjectNode body = JSON.createObjectNode().put("model", model).put("stream", stream);
        ArrayNode content = body.putArray("messages").addObject().put("role", "user").putArray("content");
        for (String part : parts) {
            content.addObject().put("type", "text").put("text", part);
        }
        return body.toString();
    }

    private static String anthropic(String model, String text) {
        ObjectNode body = JSON.createObjectNode().put("model", model).put("max_tokens", 50);
        body.putArray("messages").addObject().put("role", "user").put("content", text);
        return body.toString();
    }

    private static String gemini(String text) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("contents").addObject().put("role", "user").putArray("parts").addObject().put("text", text);
        return body.toString();
    }

    private static String responses(String model, String text) {
        return JSON.createObjectNode().put("model", model).put("input", text).toString();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void aPromptWithAnAwsKeyIsBlockedOnEveryApiBeforeAnyProviderSeesIt() throws Exception {
        double blockedBefore = findings("aws-access-token", "block");
        String prompt = "Why does `aws s3 ls` fail with " + AWS_KEY_ID + " in eu-west-1?";

        HttpResponse<String> openai = send("/v1/chat/completions", DEFAULT_KEY, chat("openai/gpt-4o-mini", prompt, false));
        assertThat(openai.statusCode()).isEqualTo(400);
        assertThat(json(openai).at("/error/code").asText()).isEqualTo("content_blocked");
        assertThat(json(openai).at("/error/message").asText()).contains("aws-access-token");

        HttpResponse<String> streamed = send("/v1/chat/completions", DEFAULT_KEY, chat("openai/gpt-4o-mini", prompt, true));
        assertThat(streamed.statusCode()).isEqualTo(400);

        HttpResponse<String> responsesApi = send("/v1/responses", DEFAULT_KEY, responses("openai/gpt-4o-mini", prompt));
        assertThat(responsesApi.statusCode()).isEqualTo(400);
        assertThat(json(responsesApi).at("/error/message").asText()).contains("aws-access-token");

        HttpResponse<String> messages = send("/v1/messages", DEFAULT_KEY, anthropic("anthropic/claude-sonnet-4-5", prompt));
        assertThat(messages.statusCode()).isEqualTo(400);
        assertThat(json(messages).at("/type").asText()).isEqualTo("error");
        assertThat(json(messages).at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(json(messages).at("/error/message").asText()).contains("aws-access-token");

        HttpResponse<String> count = send("/v1/messages/count_tokens", DEFAULT_KEY,
                anthropic("anthropic/claude-sonnet-4-5", prompt));
        assertThat(count.statusCode()).isEqualTo(400);

        HttpResponse<String> google = send("/v1beta/models/gemini/gemini-2.5-flash:generateContent", DEFAULT_KEY,
                gemini(prompt));
        assertThat(google.statusCode()).isEqualTo(400);
        assertThat(json(google).at("/error/status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(json(google).at("/error/message").asText()).contains("aws-access-token");

        for (HttpResponse<String> response : List.of(openai, streamed, responsesApi, messages, count, google)) {
            assertThat(response.body()).doesNotContain(AWS_KEY_ID);
            assertThat(response.headers().firstValue("x-request-id")).isPresent();
        }
        assertThat(harness.mock.requests()).isEmpty();
        assertThat(findings("aws-access-token", "block")).isEqualTo(blockedBefore + 6);
    }

    @Test
    void redactedTextReachesEveryUpstreamAsAPlaceholder() throws Exception {
        String prompt = "Write to " + EMAIL + " about the invoice.";
        HttpResponse<String> openai = send("/v1/chat/completions", DEFAULT_KEY, chat("openai/gpt-4o-mini", prompt, false));
        assertThat(openai.statusCode()).isEqualTo(200);
        assertThat(json(openai).at("/choices/0/message/content").asText())
                .isEqualTo("Mock reply to: Write to [REDACTED:email] about the invoice.");

        HttpResponse<String> google = send("/v1beta/models/gemini/gemini-2.5-flash:generateContent", DEFAULT_KEY,
                gemini(prompt));
        assertThat(google.statusCode()).isEqualTo(200);

        HttpResponse<String> translated = send("/v1/messages", DEFAULT_KEY, anthropic("openai/gpt-4o-mini", prompt));
        assertThat(translated.statusCode()).isEqualTo(200);

        List<RecordedRequest> upstream = harness.mock.requests();
        assertThat(upstream).hasSize(3);
        for (RecordedRequest request : upstream) {
            assertThat(request.body()).doesNotContain(EMAIL).contains("[REDACTED:email]");
        }
    }

    @Test
    void theAnthropicPassThroughRelaysTheClientsBodyWithThePlaceholderInIt() throws Exception {
        ObjectNode body = JSON.createObjectNode().put("model", "anthropic/claude-sonnet-4-5").put("max_tokens", 50);
        body.putObject("metadata").put("user_id", "user-42");
        ObjectNode block = body.putArray("messages").addObject().put("role", "user").putArray("content").addObject()
                .put("type", "text").put("text", "Mail " + EMAIL + " the report.");
        block.putObject("cache_control").put("type", "ephemeral");

        HttpResponse<String> relayed = send("/v1/messages", DEFAULT_KEY, body.toString());
        assertThat(relayed.statusCode()).isEqualTo(200);
        assertThat(json(relayed).at("/content/0/text").asText()).isEqualTo("Mock reply to: Mail [REDACTED:email] the report.");
        String upstream = harness.mock.requests("anthropic").get(0).body();
        assertThat(upstream).doesNotContain(EMAIL).contains("[REDACTED:email]");
        // fields the canonical model does not carry prove that the client's own body went upstream
        assertThat(JSON.readTree(upstream).at("/messages/0/content/0/cache_control/type").asText()).isEqualTo("ephemeral");
        assertThat(JSON.readTree(upstream).at("/model").asText()).isEqualTo("claude-sonnet-4-5");

        // a system prompt of several blocks is joined into one text: the body cannot carry the redaction, so the
        // request is translated instead, and still no original text leaves
        harness.mock.clearRequests();
        ObjectNode joined = JSON.createObjectNode().put("model", "anthropic/claude-sonnet-4-5").put("max_tokens", 50);
        ArrayNode system = joined.putArray("system");
        system.addObject().put("type", "text").put("text", "You answer mail.");
        system.addObject().put("type", "text").put("text", "Escalations go to " + EMAIL + ".");
        joined.putArray("messages").addObject().put("role", "user").put("content", "hello");
        HttpResponse<String> translated = send("/v1/messages", DEFAULT_KEY, joined.toString());
        assertThat(translated.statusCode()).isEqualTo(200);
        assertThat(harness.mock.requests("anthropic").get(0).body()).doesNotContain(EMAIL).contains("[REDACTED:email]");
    }

    @Test
    void embeddingInputsAreScreenedToo() throws Exception {
        HttpResponse<String> blocked = send("/v1/embeddings", DEFAULT_KEY, JSON.createObjectNode()
                .put("model", "openai/text-embedding-3-small").put("input", "key " + AWS_KEY_ID).toString());
        assertThat(blocked.statusCode()).isEqualTo(400);
        assertThat(blocked.body()).contains("aws-access-token").doesNotContain(AWS_KEY_ID);
        assertThat(harness.mock.requests()).isEmpty();

        ObjectNode body = JSON.createObjectNode().put("model", "openai/text-embedding-3-small");
        body.putArray("input").add("plain text").add("mail " + EMAIL);
        assertThat(send("/v1/embeddings", DEFAULT_KEY, body.toString()).statusCode()).isEqualTo(200);
        assertThat(harness.mock.requests().get(0).body()).doesNotContain(EMAIL).contains("mail [REDACTED:email]")
                .contains("plain text");
    }

    @Test
    void largeTextsAreScannedOffTheEventLoopWithTheSameOutcome() throws Exception {
        String filler = "lorem ipsum dolor sit amet ".repeat(1_000);
        HttpResponse<String> blocked = send("/v1/chat/completions", DEFAULT_KEY,
                chat("openai/gpt-4o-mini", filler + AWS_KEY_ID, false));
        assertThat(blocked.statusCode()).isEqualTo(400);
        assertThat(json(blocked).at("/error/message").asText()).contains("aws-access-token");
        assertThat(harness.mock.requests()).isEmpty();

        HttpResponse<String> redacted = send("/v1/chat/completions", OUTPUT_REDACT_KEY,
                chatParts("openai/gpt-4o-mini", false, filler + "my aws secret key is", AWS_SECRET));
        assertThat(redacted.statusCode()).isEqualTo(200);
        assertThat(json(redacted).at("/choices/0/message/content").asText())
                .endsWith("my aws secret key is [REDACTED:aws-secret-access-key]");
        assertThat(redacted.body()).doesNotContain(AWS_SECRET);
    }

    @Test
    void flaggedTextPassesUnchangedAndIsCounted() throws Exception {
        double flaggedBefore = findings("email", "flag");
        HttpResponse<String> flagged = send("/v1/chat/completions", FLAG_KEY,
                chat("openai/gpt-4o-mini", "Write to " + EMAIL, false));
        assertThat(flagged.statusCode()).isEqualTo(200);
        assertThat(harness.mock.requests().get(0).body()).contains(EMAIL);
        assertThat(findings("email", "flag")).isEqualTo(flaggedBefore + 1);
    }

    @Test
    void aKeyWhoseProfileSelectsAStricterPolicyIsBlockedWhereTheDefaultPasses() throws Exception {
        String prompt = "Write to " + EMAIL;
        assertThat(send("/v1/chat/completions", DEFAULT_KEY, chat("openai/gpt-4o-mini", prompt, false)).statusCode())
                .isEqualTo(200);
        HttpResponse<String> strict = send("/v1/chat/completions", STRICT_KEY, chat("openai/gpt-4o-mini", prompt, false));
        assertThat(strict.statusCode()).isEqualTo(400);
        assertThat(json(strict).at("/error/message").asText()).contains("email").doesNotContain(EMAIL);
        assertThat(harness.mock.requests()).hasSize(1);
    }

    /**
     * The mock joins a message's text parts with a space before echoing them, and each part is scanned on its own on
     * the way in: a label and a value in separate parts reach the mock, and come back as one secret.
     */
    @Test
    void aSecretInAWholeResponseIsRedactedBeforeTheClientSeesIt() throws Exception {
        HttpResponse<String> response = send("/v1/chat/completions", OUTPUT_REDACT_KEY,
                chatParts("openai/gpt-4o-mini", false, "my aws secret key is", AWS_SECRET));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(harness.mock.requests().get(0).body()).contains(AWS_SECRET);
        assertThat(json(response).at("/choices/0/message/content").asText())
                .isEqualTo("Mock reply to: my aws secret key is [REDACTED:aws-secret-access-key]");
        assertThat(response.body()).doesNotContain(AWS_SECRET);
    }

    @Test
    void aSecretSplitAcrossStreamedChunksIsRedacted() throws Exception {
        HttpResponse<String> response = send("/v1/chat/completions", OUTPUT_REDACT_KEY,
                chatParts("openai/gpt-4o-mini", true, "my aws secret key is", AWS_SECRET));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain(AWS_SECRET).contains("[DONE]");
        assertThat(streamedText(response.body()))
                .isEqualTo("Mock reply to: my aws secret key is [REDACTED:aws-secret-access-key]");
    }

    @Test
    void anAnthropicStreamIsTranslatedRatherThanRelayedSoThatItCanBeScanned() throws Exception {
        ObjectNode body = JSON.createObjectNode().put("model", "anthropic/claude-sonnet-4-5").put("max_tokens", 100)
                .put("stream", true);
        ArrayNode content = body.putArray("messages").addObject().put("role", "user").putArray("content");
        content.addObject().put("type", "text").put("text", "my aws secret key is");
        content.addObject().put("type", "text").put("text", AWS_SECRET);
        HttpResponse<String> response = send("/v1/messages", OUTPUT_REDACT_KEY, body.toString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(harness.mock.requests("anthropic").get(0).body()).contains(AWS_SECRET);
        assertThat(response.body()).doesNotContain(AWS_SECRET).contains("[REDACTED:aws-secret-access-key]")
                .contains("event: message_stop");
    }

    @Test
    void aSecretSplitAcrossStreamedChunksEndsTheStreamWithAnError() throws Exception {
        HttpResponse<String> response = send("/v1/chat/completions", OUTPUT_BLOCK_KEY,
                chatParts("openai/gpt-4o-mini", true, "my aws secret key is", AWS_SECRET));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain(AWS_SECRET).doesNotContain("[DONE]")
                .contains("content_blocked").contains("aws-secret-access-key");
    }

    @Test
    void aModerationFlagBlocksTheRequest() throws Exception {
        HttpResponse<String> flagged = send("/v1/chat/completions", MODERATED_KEY,
                chat("openai/gpt-4o-mini", "this is mock-flagged content", false));
        assertThat(flagged.statusCode()).isEqualTo(400);
        assertThat(json(flagged).at("/error/message").asText()).contains("moderation:violence");
        assertThat(harness.mock.requests()).extracting(RecordedRequest::path).containsExactly("/openai/v1/moderations");
        assertThat(harness.mock.requests().get(0).headers().get("authorization")).isEqualTo("Bearer sk-test-openai");

        harness.mock.clearRequests();
        assertThat(send("/v1/chat/completions", MODERATED_KEY, chat("openai/gpt-4o-mini", "a kind word", false))
                .statusCode()).isEqualTo(200);
        assertThat(harness.mock.requests()).extracting(RecordedRequest::path)
                .containsExactly("/openai/v1/moderations", "/openai/v1/chat/completions");
    }

    @Test
    void aModerationCheckThatTimesOutFailsClosedOrOpenAsThePolicySays() throws Exception {
        harness.mock.faults().add(FaultRule.delay(2_000).path("/openai/v1/moderations"));
        HttpResponse<String> closed = send("/v1/chat/completions", MODERATED_KEY,
                chat("openai/gpt-4o-mini", "a kind word", false));
        assertThat(closed.statusCode()).isEqualTo(503);
        assertThat(json(closed).at("/error/code").asText()).isEqualTo("content_blocked");

        HttpResponse<String> open = send("/v1/chat/completions", MODERATED_OPEN_KEY,
                chat("openai/gpt-4o-mini", "a kind word", false));
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(harness.mock.requests()).extracting(RecordedRequest::path)
                .containsOnlyOnce("/openai/v1/chat/completions");
    }

    @Test
    void aPolicyWrittenThroughTheAdminApiIsValidatedAndGovernsItsKeys() throws Exception {
        AdminClient admin = new AdminClient(harness.node.adminPort());
        HttpResponse<String> typo = admin.post(AdminClient.ADMIN, "/admin/v1/guardrail-policies",
                "{\"id\": \"api-typo\", \"rules\": {\"no-such-rule\": \"block\"}}");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(AdminClient.json(typo).at("/error/field").asText()).isEqualTo("rules.no-such-rule");

        assertThat(admin.post(AdminClient.ADMIN, "/admin/v1/guardrail-policies",
                "{\"id\": \"api-strict\", \"pii\": \"block\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> key = admin.post(AdminClient.ADMIN, "/admin/v1/virtual-keys",
                "{\"name\": \"api-user\", \"guardrails\": \"api-strict\"}");
        assertThat(key.statusCode()).isEqualTo(201);
        String secret = AdminClient.json(key).get("secret").asText();

        HttpResponse<String> blocked = send("/v1/chat/completions", secret,
                chat("openai/gpt-4o-mini", "Write to " + EMAIL, false));
        assertThat(blocked.statusCode()).isEqualTo(400);
        assertThat(json(blocked).at("/error/message").asText()).contains("email");
        assertThat(harness.mock.requests()).isEmpty();
    }

    @Test
    void aKeyWhosePolicyCannotBeLoadedIsRefusedRatherThanSentUnchecked() throws Exception {
        AdminClient admin = new AdminClient(harness.node.adminPort());
        // a document names any provider; this node has none by that name, so it leaves the policy out
        assertThat(admin.post(AdminClient.ADMIN, "/admin/v1/guardrail-policies",
                "{\"id\": \"api-unusable\", \"moderation\": {\"provider\": \"nowhere\"}}").statusCode())
                .isEqualTo(201);
        HttpResponse<String> key = admin.post(AdminClient.ADMIN, "/admin/v1/virtual-keys",
                "{\"name\": \"api-unusable-user\", \"guardrails\": \"api-unusable\"}");
        HttpResponse<String> refused = send("/v1/chat/completions", AdminClient.json(key).get("secret").asText(),
                chat("openai/gpt-4o-mini", "hello", false));
        assertThat(refused.statusCode()).isEqualTo(500);
        assertThat(json(refused).at("/error/message").asText()).contains("api-unusable");
        assertThat(harness.mock.requests()).isEmpty();
    }

    /** {@code heimdall_guardrail_findings_total} of a rule and action, as the node's metrics endpoint shows it. */
    private static double findings(String rule, String action) throws Exception {
        String series = "heimdall_guardrail_findings_total{action=\"" + action + "\",rule=\"" + rule + "\"} ";
        for (String line : harness.get("/metrics").body().split("\n")) {
            if (line.startsWith(series)) {
                return Double.parseDouble(line.substring(series.length()));
            }
        }
        return 0;
    }

    /** The text deltas of an OpenAI stream, joined. */
    private static String streamedText(String sse) throws Exception {
        StringBuilder text = new StringBuilder();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: {")) {
                JsonNode delta = JSON.readTree(line.substring(6)).at("/choices/0/delta/content");
                if (delta.isTextual()) {
                    text.append(delta.asText());
                }
            }
        }
        return text.toString();
    }
}
