package dev.heimdall.loadtest.mock.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.loadtest.mock.Exchange;
import dev.heimdall.loadtest.mock.MockJson;
import dev.heimdall.loadtest.mock.ProviderMock;
import dev.heimdall.loadtest.mock.Replies;
import dev.heimdall.loadtest.mock.anthropic.AnthropicMock;
import dev.heimdall.loadtest.mock.gemini.GeminiFormat;
import dev.heimdall.loadtest.mock.gemini.GeminiMock;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vertex AI under {@code /vertex}, with its OAuth2 token endpoint. Written from Google's public references.
 *
 * <ul>
 *   <li>{@code POST /vertex/token}: the OAuth2 JWT-bearer grant (RFC 7523) as {@code oauth2.googleapis.com/token}
 *       serves it: form fields {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer} and
 *       {@code assertion}, an RS256 JWT whose signature must verify against the public key registered for its
 *       {@code iss}, whose {@code aud} must end with {@code /vertex/token} and which must not have expired. Answers
 *       {@code {"access_token","expires_in","token_type":"Bearer"}}; errors are OAuth's
 *       {@code {"error":"invalid_grant","error_description"}}.</li>
 *   <li>{@code POST /vertex/v1/projects/{p}/locations/{l}/publishers/google/models/{m}:{method}}: the Gemini methods
 *       of {@link GeminiFormat}; {@code .../publishers/anthropic/models/{m}:rawPredict|streamRawPredict}: Anthropic's
 *       Messages API with {@code anthropic_version: vertex-2023-10-16} in the body and the model in the URL. Both
 *       need {@code Authorization: Bearer} with a token this mock issued and that has not expired (else 401
 *       UNAUTHENTICATED in Google's shape).</li>
 *   <li>Control: {@code POST /vertex/_control/service-accounts} {@code {"client_email","public_key"}} (base64 X.509
 *       DER of the RSA public key) registers an account; {@code PUT /vertex/_control/token-lifetime}
 *       {@code {"seconds":N}} sets {@code expires_in} of the tokens issued next (default 3600).</li>
 * </ul>
 */
public final class VertexMock implements ProviderMock {

    public static final String ANTHROPIC_VERSION = "vertex-2023-10-16";
    private static final Pattern MODEL_PATH = Pattern.compile(
            "/v1/projects/([^/]+)/locations/([^/]+)/publishers/(google|anthropic)/models/([^/:]+):([A-Za-z]+)");
    private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private final AnthropicMock anthropic = new AnthropicMock();
    private final Map<String, PublicKey> accounts = new ConcurrentHashMap<>();
    private final Map<String, Instant> issued = new ConcurrentHashMap<>();
    private volatile long tokenLifetimeSeconds = 3600;

    @Override
    public String name() {
        return "vertex";
    }

    @Override
    public String apiKey(HttpServerRequest request) {
        String auth = request.getHeader("authorization");
        return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
    }

    @Override
    public String model(String subPath, JsonNode body) {
        Matcher m = MODEL_PATH.matcher(subPath);
        return m.matches() ? m.group(4) : null;
    }

    @Override
    public void handle(Exchange ex) {
        String path = ex.subPath();
        HttpMethod method = ex.request().method();
        if (path.startsWith("/_control/")) {
            control(ex, path.substring("/_control/".length()));
            return;
        }
        if (path.equals("/token") && method == HttpMethod.POST) {
            token(ex);
            return;
        }
        Matcher m = MODEL_PATH.matcher(path);
        if (method != HttpMethod.POST || !m.matches()) {
            ex.respond(404, GeminiMock.errorBody(404, "NOT_FOUND", "The requested URL " + path
                    + " was not found on this server."), Map.of());
            return;
        }
        String token = ex.apiKey();
        Instant expiry = token == null ? null : issued.get(token);
        if (expiry == null || !Instant.now().isBefore(expiry)) {
            ex.respond(401, GeminiMock.errorBody(401, "UNAUTHENTICATED", "Request had invalid authentication "
                    + "credentials. Expected OAuth 2 access token, login cookie or other valid authentication "
                    + "credential."), Map.of());
            return;
        }
        String model = m.group(4);
        String verb = m.group(5);
        if (m.group(3).equals("anthropic")) {
            rawPredict(ex, model, verb);
            return;
        }
        try {
            GeminiFormat.serve(ex, model, verb, Map.of());
        } catch (GeminiFormat.Invalid e) {
            ex.respond(400, GeminiMock.errorBody(400, "INVALID_ARGUMENT", e.getMessage()), Map.of());
        }
    }

    private void rawPredict(Exchange ex, String model, String verb) {
        if (!verb.equals("rawPredict") && !verb.equals("streamRawPredict")) {
            ex.respond(404, GeminiMock.errorBody(404, "NOT_FOUND", "Method " + verb + " is not found"), Map.of());
            return;
        }
        JsonNode body = ex.json();
        if (body == null || !ANTHROPIC_VERSION.equals(body.path("anthropic_version").asText())) {
            ex.respond(400, GeminiMock.errorBody(400, "INVALID_ARGUMENT", "anthropic_version: must be "
                    + ANTHROPIC_VERSION), Map.of());
            return;
        }
        if (verb.equals("streamRawPredict") != body.path("stream").asBoolean(false)) {
            ex.respond(400, GeminiMock.errorBody(400, "INVALID_ARGUMENT", "stream must be true for "
                    + "streamRawPredict and absent for rawPredict"), Map.of());
            return;
        }
        anthropic.serveMessages(ex, model);
    }

    private void token(Exchange ex) {
        Map<String, String> form = form(ex.body().toString(StandardCharsets.UTF_8));
        if (!JWT_BEARER.equals(form.get("grant_type"))) {
            oauthError(ex, "unsupported_grant_type", "Invalid grant_type: " + form.get("grant_type"));
            return;
        }
        String assertion = form.get("assertion");
        String[] parts = assertion == null ? new String[0] : assertion.split("\\.");
        if (parts.length != 3) {
            oauthError(ex, "invalid_grant", "Invalid JWT: Token must be a short-lived token and in a reasonable "
                    + "timeframe");
            return;
        }
        JsonNode header;
        JsonNode claims;
        try {
            header = MockJson.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[0]));
            claims = MockJson.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (Exception e) {
            oauthError(ex, "invalid_grant", "Invalid JWT: malformed");
            return;
        }
        PublicKey key = accounts.get(claims.path("iss").asText(""));
        if (key == null) {
            oauthError(ex, "invalid_grant", "Invalid grant: account not found");
            return;
        }
        if (!header.path("alg").asText().equals("RS256") || !verifies(key, parts)) {
            oauthError(ex, "invalid_grant", "Invalid JWT Signature.");
            return;
        }
        long now = Instant.now().getEpochSecond();
        long iat = claims.path("iat").asLong(-1);
        long exp = claims.path("exp").asLong(-1);
        if (!claims.path("aud").asText("").endsWith("/vertex/token") || exp <= now || iat > now + 60
                || exp - iat > 3600 || !claims.path("scope").isTextual()) {
            oauthError(ex, "invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a "
                    + "reasonable timeframe. Check your iat and exp values in the JWT claim.");
            return;
        }
        String token = "ya29.mock-" + Replies.id("", 40);
        long lifetime = tokenLifetimeSeconds;
        issued.put(token, Instant.now().plusSeconds(lifetime));
        ObjectNode res = MockJson.object().put("access_token", token).put("expires_in", lifetime)
                .put("token_type", "Bearer");
        ex.respond(200, MockJson.bytes(res), Map.of());
    }

    private static boolean verifies(PublicKey key, String[] parts) {
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return rsa.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void oauthError(Exchange ex, String error, String description) {
        ex.respond(400, MockJson.bytes(MockJson.object().put("error", error).put("error_description", description)),
                Map.of());
    }

    private void control(Exchange ex, String what) {
        JsonNode body = ex.json();
        if (what.equals("service-accounts") && ex.request().method() == HttpMethod.POST && body != null) {
            try {
                byte[] der = Base64.getDecoder().decode(body.path("public_key").asText(""));
                accounts.put(body.path("client_email").asText(), KeyFactory.getInstance("RSA")
                        .generatePublic(new X509EncodedKeySpec(der)));
                ex.respond(200, MockJson.bytes(MockJson.object().put("registered", body.path("client_email")
                        .asText())), Map.of());
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                ex.respond(400, GeminiMock.errorBody(400, "INVALID_ARGUMENT", "public_key must be base64 X.509 "
                        + "DER of an RSA key"), Map.of());
            }
            return;
        }
        if (what.equals("token-lifetime") && ex.request().method() == HttpMethod.PUT && body != null
                && body.path("seconds").canConvertToLong() && body.path("seconds").asLong() > 0) {
            tokenLifetimeSeconds = body.get("seconds").asLong();
            ex.respond(200, MockJson.bytes(MockJson.object().put("seconds", tokenLifetimeSeconds)), Map.of());
            return;
        }
        ex.respond(404, GeminiMock.errorBody(404, "NOT_FOUND", "unknown control " + what), Map.of());
    }

    @Override
    public byte[] faultBody(int status) {
        return GeminiMock.faultBodyFor(status);
    }
}
