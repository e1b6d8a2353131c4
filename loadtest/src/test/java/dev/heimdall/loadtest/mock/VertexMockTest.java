package dev.heimdall.loadtest.mock;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VertexMockTest extends MockHttp {
    private static final String EMAIL = "gateway@my-proj.iam.gserviceaccount.com";
    private static final String BASE = "/vertex/v1/projects/my-proj/locations/us-central1/publishers/";
    private static KeyPair keys;

    @BeforeAll
    static void registerAccount() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        HttpResponse<String> res = send("POST", "/vertex/_control/service-accounts", "{\"client_email\":\"" + EMAIL
                + "\",\"public_key\":\"" + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()) + "\"}");
        assertThat(res.statusCode()).isEqualTo(200);
    }

    static String jwt(PrivateKey key, String iss, String aud, long iat, long exp) throws Exception {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = url.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8));
        String claims = url.encodeToString(("{\"iss\":\"" + iss + "\",\"scope\":\"https://www.googleapis.com/auth/"
                + "cloud-platform\",\"aud\":\"" + aud + "\",\"iat\":" + iat + ",\"exp\":" + exp + "}")
                .getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + url.encodeToString(rsa.sign());
    }

    static HttpResponse<String> tokenRequest(String assertion) throws Exception {
        String form = "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer",
                StandardCharsets.UTF_8) + "&assertion=" + URLEncoder.encode(assertion, StandardCharsets.UTF_8);
        return send("POST", "/vertex/token", form, "content-type", "application/x-www-form-urlencoded");
    }

    static String token() throws Exception {
        long now = Instant.now().getEpochSecond();
        HttpResponse<String> res = tokenRequest(jwt(keys.getPrivate(), EMAIL, mock.baseUrl() + "/vertex/token", now,
                now + 3600));
        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode json = parse(res.body());
        assertThat(json.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(json.get("expires_in").asInt()).isEqualTo(3600);
        return json.get("access_token").asText();
    }

    @Test
    void issuesTokensOnlyForValidSignedAssertions() throws Exception {
        assertThat(token()).startsWith("ya29.");
        long now = Instant.now().getEpochSecond();
        String aud = mock.baseUrl() + "/vertex/token";
        PrivateKey other = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate();
        for (String bad : List.of(jwt(other, EMAIL, aud, now, now + 3600),
                jwt(keys.getPrivate(), "stranger@x.iam.gserviceaccount.com", aud, now, now + 3600),
                jwt(keys.getPrivate(), EMAIL, "https://example.com/other", now, now + 3600),
                jwt(keys.getPrivate(), EMAIL, aud, now - 7200, now - 3600), "not-a-jwt")) {
            HttpResponse<String> res = tokenRequest(bad);
            assertThat(res.statusCode()).isEqualTo(400);
            assertThat(parse(res.body()).get("error").asText()).isEqualTo("invalid_grant");
        }
    }

    @Test
    void servesGeminiWithAnIssuedTokenOnly() throws Exception {
        String body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hello vertex\"}]}]}";
        HttpResponse<String> res = send("POST", BASE + "google/models/gemini-2.5-flash:generateContent", body,
                "authorization", "Bearer " + token());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(parse(res.body()).at("/candidates/0/content/parts/0/text").asText())
                .isEqualTo("Mock reply to: hello vertex");

        HttpResponse<String> forged = send("POST", BASE + "google/models/gemini-2.5-flash:generateContent", body,
                "authorization", "Bearer ya29.forged");
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(parse(forged.body()).at("/error/status").asText()).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void servesClaudeThroughRawPredictAndStreamRawPredict() throws Exception {
        String token = token();
        String body = "{\"anthropic_version\":\"vertex-2023-10-16\",\"max_tokens\":50,\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"hi claude\"}]";
        HttpResponse<String> res = send("POST", BASE + "anthropic/models/claude-sonnet-4-5:rawPredict", body + "}",
                "authorization", "Bearer " + token);
        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode json = parse(res.body());
        assertThat(json.get("type").asText()).isEqualTo("message");
        assertThat(json.get("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(json.at("/content/0/text").asText()).isEqualTo("Mock reply to: hi claude");

        HttpResponse<String> stream = send("POST", BASE + "anthropic/models/claude-sonnet-4-5:streamRawPredict",
                body + ",\"stream\":true}", "authorization", "Bearer " + token);
        assertThat(events(stream.body())).extracting(Sse::event).startsWith("message_start").endsWith("message_stop");

        HttpResponse<String> noVersion = send("POST", BASE + "anthropic/models/claude-sonnet-4-5:rawPredict",
                "{\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "authorization",
                "Bearer " + token);
        assertThat(noVersion.statusCode()).isEqualTo(400);
    }

    @Test
    void issuesShortLivedTokensWhenTold() throws Exception {
        send("PUT", "/vertex/_control/token-lifetime", "{\"seconds\":1}");
        try {
            long now = Instant.now().getEpochSecond();
            JsonNode json = parse(tokenRequest(jwt(keys.getPrivate(), EMAIL, mock.baseUrl() + "/vertex/token", now,
                    now + 3600)).body());
            assertThat(json.get("expires_in").asInt()).isEqualTo(1);
            Thread.sleep(1100);
            HttpResponse<String> expired = send("POST", BASE + "google/models/gemini-2.5-flash:generateContent",
                    "{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}]}", "authorization",
                    "Bearer " + json.get("access_token").asText());
            assertThat(expired.statusCode()).isEqualTo(401);
        } finally {
            send("PUT", "/vertex/_control/token-lifetime", "{\"seconds\":3600}");
        }
    }
}
