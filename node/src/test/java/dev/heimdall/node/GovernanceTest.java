package dev.heimdall.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heimdall.providers.canonical.Usage;
import dev.heimdall.providers.pricing.CostCalculator;
import dev.heimdall.providers.pricing.PricingCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Virtual keys, access, rate limits and budgets through every ingress API, with keys declared in the config file:
 * nothing reaches the mock provider without a key that may use the model, limits answer 429 with OpenAI's headers,
 * and concurrent streams cannot overspend a budget.
 */
class GovernanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String GROQ_ONLY = "hk-test-groq-only-0000000000000001";
    static final String LIMITED = "hk-test-limited-00000000000000000002";
    static final String BUDGETED = "hk-test-budgeted-0000000000000000003";
    static final String TEAM_A = "hk-test-team-a-000000000000000000004";
    static final String TEAM_B = "hk-test-team-b-000000000000000000005";
    static final String DISABLED = "hk-test-disabled-0000000000000000006";
    static final String FRUGAL = "hk-test-frugal-00000000000000000007";
    static final String RESILIENT = "hk-test-resilient-000000000000000008";
    static final String TOKEN_LIMITED = "hk-test-tokens-0000000000000000000009";

    static final String GOVERNED = """
            server: { host: 127.0.0.1, port: 0, event-loops: 2, max-body-size: 1MiB }
            authentication: { required: true }
            providers:
              openai:
                type: openai
                base-url: "http://127.0.0.1:MOCK/openai"
                keys: [ { name: main, value: sk-test-openai } ]
              groq:
                type: groq
                base-url: "http://127.0.0.1:MOCK/openai"
                keys: [ { name: main, value: gsk-test } ]
              anthropic:
                type: anthropic
                base-url: "http://127.0.0.1:MOCK/anthropic"
                keys: [ { name: main, value: sk-ant-test } ]
              gemini:
                type: gemini
                base-url: "http://127.0.0.1:MOCK/gemini"
                keys: [ { name: main, value: gem-test } ]
            models:
              smart: { targets: [ { provider: openai, model: gpt-4o } ] }
              fast: { targets: [ { provider: groq, model: llama-3.1-8b-instant } ] }
            customers:
              acme: { name: Acme }
            teams:
              ml: { customer: acme, budgets: [ { name: team-daily, usd: 0.05, period: daily } ] }
            access-profiles:
              groq-only: { allowed-models: [ "groq/*", "fast" ] }
            virtual-keys:
              - { name: groq-user, key: "%s", profile: groq-only }
              - { name: limited, key: "%s", rate-limit: { requests-per-minute: 3, tokens-per-minute: 100000 } }
              - { name: budgeted, key: "%s", budgets: [ { name: small, usd: 1.00, period: monthly } ] }
              - { name: team-a, key: "%s", team: ml }
              - { name: team-b, key: "%s", team: ml }
              - { name: switched-off, key: "%s", enabled: false }
              - { name: frugal, key: "%s", budgets: [ { name: tiny, usd: 0.05, period: monthly } ] }
              - { name: resilient, key: "%s", fallbacks: [ "anthropic/claude-haiku-4-5" ] }
              - { name: token-limited, key: "%s", rate-limit: { tokens-per-minute: 5000 } }
            routing-rules:
              - name: budget-saver
                when: 'key.name == "frugal" && budget.used_percent >= 50'
                model: openai/gpt-4o-mini
            """.formatted(GROQ_ONLY, LIMITED, BUDGETED, TEAM_A, TEAM_B, DISABLED, FRUGAL, RESILIENT, TOKEN_LIMITED);

    private GatewayHarness harness;

    @AfterEach
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private GatewayHarness start(Clock clock) throws Exception {
        harness = GatewayHarness.start(GOVERNED, GatewayHarness.mockDefaults(), clock);
        return harness;
    }

    private HttpResponse<String> send(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(harness.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return harness.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> chat(String key, String model) throws Exception {
        return send("/v1/chat/completions", chatBody(model, "hi", false, null),
                key == null ? Map.of() : Map.of("authorization", "Bearer " + key));
    }

    private static String chatBody(String model, String text, boolean stream, Integer maxTokens) {
        return "{\"model\":\"" + model + "\"," + (stream ? "\"stream\":true,\"stream_options\":{\"include_usage\":true}," : "")
                + (maxTokens == null ? "" : "\"max_tokens\":" + maxTokens + ",")
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    @Test
    void withoutAValidKeyNothingReachesAProviderAndEachApiAnswersInItsOwnShape() throws Exception {
        start(Clock.systemUTC());
        HttpResponse<String> missing = chat(null, "openai/gpt-4o-mini");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(missing.body()).at("/error/code").asText()).isEqualTo("invalid_api_key");

        HttpResponse<String> unknown = chat("hk-not-a-key-000000000000000000000", "openai/gpt-4o-mini");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).doesNotContain("hk-not-a-key");

        HttpResponse<String> disabled = chat(DISABLED, "openai/gpt-4o-mini");
        assertThat(disabled.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(disabled.body()).at("/error/message").asText()).contains("'switched-off' is disabled");

        HttpResponse<String> anthropic = send("/v1/messages", "{\"model\":\"anthropic/claude-sonnet-4-5\","
                + "\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Map.of("x-api-key", "nope"));
        assertThat(anthropic.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(anthropic.body()).at("/error/type").asText()).isEqualTo("authentication_error");

        HttpResponse<String> gemini = send("/v1beta/models/gemini/gemini-2.5-flash:generateContent",
                "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}", Map.of());
        assertThat(gemini.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(gemini.body()).at("/error/status").asText()).isEqualTo("UNAUTHENTICATED");

        assertThat(harness.mock.requests()).isEmpty();

        HttpResponse<String> ok = send("/v1/messages", "{\"model\":\"openai/gpt-4o-mini\","
                + "\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Map.of("x-api-key", TEAM_A));
        assertThat(ok.statusCode()).isEqualTo(200);
        HttpResponse<String> googleKey = send("/v1beta/models/openai/gpt-4o-mini:generateContent",
                "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}", Map.of("x-goog-api-key", TEAM_A));
        assertThat(googleKey.statusCode()).isEqualTo(200);
    }

    @Test
    void aKeyLimitedToGroqCannotReachOpenAiThroughAnyApiOrAlias() throws Exception {
        start(Clock.systemUTC());
        HttpResponse<String> direct = chat(GROQ_ONLY, "openai/gpt-4o");
        assertThat(direct.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(direct.body()).at("/error/message").asText())
                .contains("'groq-user'").contains("openai/gpt-4o").contains("groq/*");
        assertThat(chat(GROQ_ONLY, "smart").statusCode()).isEqualTo(403);

        HttpResponse<String> anthropic = send("/v1/messages", "{\"model\":\"smart\",\"max_tokens\":10,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Map.of("x-api-key", GROQ_ONLY));
        assertThat(anthropic.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(anthropic.body()).at("/error/type").asText()).isEqualTo("permission_error");

        HttpResponse<String> gemini = send("/v1beta/models/smart:generateContent",
                "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}", Map.of("x-goog-api-key", GROQ_ONLY));
        assertThat(gemini.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(gemini.body()).at("/error/status").asText()).isEqualTo("PERMISSION_DENIED");

        HttpResponse<String> responses = send("/v1/responses", "{\"model\":\"openai/gpt-4o\",\"input\":\"hi\"}",
                Map.of("authorization", "Bearer " + GROQ_ONLY));
        assertThat(responses.statusCode()).isEqualTo(403);

        assertThat(harness.mock.requests()).isEmpty();

        HttpResponse<String> allowed = chat(GROQ_ONLY, "groq/llama-3.1-8b-instant");
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(chat(GROQ_ONLY, "fast").statusCode()).isEqualTo(200);
        assertThat(harness.mock.requests()).hasSize(2);
    }

    @Test
    void aKeyOverItsRequestLimitGets429WithOpenAiRateLimitHeaders() throws Exception {
        Instant start = Instant.parse("2026-11-25T10:00:10Z");
        MutableClock clock = new MutableClock(start);
        start(clock);
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> ok = chat(LIMITED, "openai/gpt-4o-mini");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("x-ratelimit-limit-requests")).hasValue("3");
            assertThat(ok.headers().firstValue("x-ratelimit-remaining-requests")).hasValue(Integer.toString(2 - i));
            assertThat(ok.headers().firstValue("x-ratelimit-reset-requests")).hasValue("50s");
            assertThat(ok.headers().firstValue("x-ratelimit-limit-tokens")).hasValue("100000");
        }
        HttpResponse<String> limited = chat(LIMITED, "openai/gpt-4o-mini");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("retry-after")).hasValue("50");
        assertThat(JSON.readTree(limited.body()).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(harness.mock.requests()).hasSize(3);

        clock.set(start.plusSeconds(50));
        assertThat(chat(LIMITED, "openai/gpt-4o-mini").statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenLimitAdmitsWhileTheWindowHasRoomAndIsChargedWithTheActualUsage() throws Exception {
        Instant start = Instant.parse("2026-11-25T10:00:30Z");
        MutableClock clock = new MutableClock(start);
        start(clock);
        String prompt = "word ".repeat(3_000);
        HttpResponse<String> first = send("/v1/chat/completions", chatBody("openai/gpt-4o-mini", prompt, false, 10),
                Map.of("authorization", "Bearer " + TOKEN_LIMITED));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("x-ratelimit-limit-tokens")).hasValue("5000");
        assertThat(first.headers().firstValue("x-ratelimit-remaining-tokens")).hasValue("5000");
        HttpResponse<String> second = send("/v1/chat/completions", chatBody("openai/gpt-4o-mini", prompt, false, 10),
                Map.of("authorization", "Bearer " + TOKEN_LIMITED));
        assertThat(second.statusCode()).as("the window still had room").isEqualTo(200);
        long remaining = Long.parseLong(second.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow());
        assertThat(remaining).as("the first answer's tokens were charged").isBetween(1L, 2_000L);
        HttpResponse<String> third = send("/v1/chat/completions", chatBody("openai/gpt-4o-mini", "hi", false, 10),
                Map.of("authorization", "Bearer " + TOKEN_LIMITED));
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("retry-after")).hasValue("30");
        assertThat(JSON.readTree(third.body()).at("/error/message").asText()).contains("tokens");
        clock.set(start.plusSeconds(30));
        assertThat(send("/v1/chat/completions", chatBody("openai/gpt-4o-mini", "hi", false, 10),
                Map.of("authorization", "Bearer " + TOKEN_LIMITED)).statusCode()).isEqualTo(200);
    }

    @Test
    void concurrentStreamsCannotOverspendABudgetAndTheLedgerEqualsTheCostOfTheUsage() throws Exception {
        start(Clock.systemUTC());
        // ~10,000 prompt tokens of gpt-4o ($2.50/M): about 2.6 cents a request, so $1.00 runs out after ~38 of 50
        String prompt = "word ".repeat(10_000);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/v1/chat/completions"))
                    .timeout(Duration.ofSeconds(60))
                    .header("content-type", "application/json").header("authorization", "Bearer " + BUDGETED)
                    .POST(HttpRequest.BodyPublishers.ofString(chatBody("openai/gpt-4o", prompt + i, true, 50)))
                    .build();
            calls.add(harness.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        PricingCatalog prices = PricingCatalog.builtIn();
        long impliedMicros = 0;
        int served = 0;
        int refused = 0;
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.get(60, TimeUnit.SECONDS);
            if (response.statusCode() == 200) {
                served++;
                JsonNode usage = lastUsage(response.body());
                assertThat(usage).as("every stream ends with its usage").isNotNull();
                impliedMicros += CostCalculator.costMicros(prices.lookup("openai", "gpt-4o").orElseThrow(),
                        new Usage(usage.get("prompt_tokens").asLong(), usage.get("completion_tokens").asLong(), 0, 0, 0));
            } else {
                assertThat(response.statusCode()).isEqualTo(429);
                assertThat(response.body()).contains("Budget 'small'").contains("insufficient_quota");
                assertThat(response.headers().firstValue("retry-after")).isPresent();
                refused++;
            }
        }
        assertThat(served).isGreaterThan(20);
        assertThat(refused).isGreaterThan(0);
        assertThat(harness.mock.requests()).hasSize(served);
        long ledger = spentMicros(BUDGETED, "small");
        assertThat(ledger).isEqualTo(impliedMicros).isLessThanOrEqualTo(1_000_000);
    }

    @Test
    void theTeamBudgetStopsASecondKeyOfTheSameTeamAndResetsAtThePeriodBoundary() throws Exception {
        Instant start = Instant.parse("2026-11-25T23:00:00Z");
        MutableClock clock = new MutableClock(start);
        start(clock);
        String prompt = "word ".repeat(4_000);
        int served = 0;
        HttpResponse<String> last;
        do {
            last = send("/v1/chat/completions", chatBody("openai/gpt-4o", prompt, false, 20),
                    Map.of("authorization", "Bearer " + TEAM_A));
            served += last.statusCode() == 200 ? 1 : 0;
        } while (last.statusCode() == 200 && served < 20);
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(served).isBetween(2, 10);
        HttpResponse<String> other = send("/v1/chat/completions", chatBody("openai/gpt-4o", prompt, false, 20),
                Map.of("authorization", "Bearer " + TEAM_B));
        assertThat(other.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(other.body()).at("/error/message").asText())
                .contains("team-daily").contains("team 'ml'");
        assertThat(other.headers().firstValue("retry-after")).hasValue("3600");

        clock.set(start.plus(Duration.ofHours(1)));
        assertThat(send("/v1/chat/completions", chatBody("openai/gpt-4o", prompt, false, 20),
                Map.of("authorization", "Bearer " + TEAM_B)).statusCode()).isEqualTo(200);
    }

    @Test
    void aRoutingRuleMovesAKeyToACheaperModelOnceHalfItsBudgetIsSpent() throws Exception {
        start(Clock.systemUTC());
        String prompt = "word ".repeat(4_000);
        HttpResponse<String> first = send("/v1/chat/completions", chatBody("smart", prompt, false, 20),
                Map.of("authorization", "Bearer " + FRUGAL));
        assertThat(first.headers().firstValue("x-heimdall-model")).hasValue("gpt-4o");
        assertThat(first.headers().firstValue("x-heimdall-rule")).isEmpty();
        HttpResponse<String> answer;
        int sent = 1;
        do {
            answer = send("/v1/chat/completions", chatBody("smart", prompt, false, 20),
                    Map.of("authorization", "Bearer " + FRUGAL));
            sent++;
        } while (answer.headers().firstValue("x-heimdall-rule").isEmpty() && sent < 10);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("x-heimdall-rule")).hasValue("budget-saver");
        assertThat(answer.headers().firstValue("x-heimdall-model")).hasValue("gpt-4o-mini");
        assertThat(spentMicros(FRUGAL, "tiny")).isGreaterThanOrEqualTo(25_000);
    }

    @Test
    void aKeysOwnFallbackChainServesWhenThePrimaryFailsAndAKeyWithoutOneGetsTheError() throws Exception {
        start(Clock.systemUTC());
        harness.mock.faults().add(dev.heimdall.loadtest.mock.FaultRule.status(503).provider("openai"));
        HttpResponse<String> served = chat(RESILIENT, "openai/gpt-4o-mini");
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("x-heimdall-provider")).hasValue("anthropic");
        assertThat(served.headers().firstValue("x-heimdall-model")).hasValue("claude-haiku-4-5");
        assertThat(chat(TEAM_A, "openai/gpt-4o-mini").statusCode()).isEqualTo(503);
    }

    @Test
    void keysAndSpendSurviveARestartOnSqlite() throws Exception {
        Path dir = Files.createTempDirectory("heimdall-restart");
        survivesRestart("storage: { url: \"jdbc:sqlite:" + dir.resolve("h.db") + "\" }\n");
    }

    @Test
    void keysAndSpendSurviveARestartOnPostgresql() throws Exception {
        String schema = "heimdall_node_" + java.util.UUID.randomUUID().toString().replace("-", "");
        String server = "jdbc:postgresql://127.0.0.1:5432/test";
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(server, "postgres", null)) {
            connection.createStatement().execute("CREATE SCHEMA " + schema);
        }
        try {
            survivesRestart("storage: { url: \"" + server + "?currentSchema=" + schema + "\", user: postgres }\n");
        } finally {
            try (java.sql.Connection connection = java.sql.DriverManager.getConnection(server, "postgres", null)) {
                connection.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private void survivesRestart(String storage) throws Exception {
        String yaml = storage + GOVERNED + AdminClient.ADMIN_SECTION;
        harness = GatewayHarness.start(yaml, GatewayHarness.mockDefaults(), Clock.systemUTC());
        AdminClient admin = new AdminClient(harness.node.adminPort());
        HttpResponse<String> created = admin.post(AdminClient.ADMIN, "/admin/v1/virtual-keys",
                "{\"id\": \"made-by-api\", \"budgets\": [{\"name\": \"api\", \"usd\": 5, \"period\": \"daily\"}]}");
        assertThat(created.statusCode()).isEqualTo(201);
        String apiSecret = JSON.readTree(created.body()).get("secret").asText();
        assertThat(chat(apiSecret, "openai/gpt-4o-mini").statusCode()).isEqualTo(200);
        long apiSpend = spentMicros(apiSecret, "api");
        assertThat(apiSpend).isPositive();
        String prompt = "word ".repeat(4_000);
        assertThat(send("/v1/chat/completions", chatBody("openai/gpt-4o", prompt, false, 20),
                Map.of("authorization", "Bearer " + BUDGETED)).statusCode()).isEqualTo(200);
        long before = spentMicros(BUDGETED, "small");
        assertThat(before).isPositive();
        harness.close();

        harness = GatewayHarness.start(yaml, GatewayHarness.mockDefaults(), Clock.systemUTC());
        assertThat(spentMicros(BUDGETED, "small")).isEqualTo(before);
        assertThat(spentMicros(apiSecret, "api")).as("a key made through the admin API, and its spend").isEqualTo(apiSpend);
        assertThat(chat(BUDGETED, "openai/gpt-4o-mini").statusCode()).isEqualTo(200);
        harness.close();
        harness = null;
    }

    /** The key's own view of a budget, from the self-service endpoint: what it spent so far. */
    private long spentMicros(String key, String budget) throws Exception {
        HttpResponse<String> info = harness.http.send(HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/v1/key/info"))
                .header("authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(info.statusCode()).isEqualTo(200);
        for (JsonNode b : JSON.readTree(info.body()).at("/budgets")) {
            if (budget.equals(b.path("name").asText())) {
                return Math.round(b.path("spent-usd").asDouble() * 1_000_000);
            }
        }
        throw new AssertionError("no budget " + budget + " in " + info.body());
    }

    private static JsonNode lastUsage(String sse) throws Exception {
        JsonNode usage = null;
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: {")) {
                JsonNode chunk = JSON.readTree(line.substring(6));
                if (chunk.hasNonNull("usage")) {
                    usage = chunk.get("usage");
                }
            }
        }
        return usage;
    }

    /** A clock tests move by hand: rate-limit windows and budget periods follow it. */
    static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
