package dev.heimdall.node.upstream.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heimdall.node.config.ProviderKeyConfig;
import dev.heimdall.node.upstream.ProviderRuntime;
import dev.heimdall.node.upstream.UpstreamAuthorizer;
import dev.heimdall.providers.spi.ProviderError;
import dev.heimdall.providers.spi.ProviderException;
import dev.heimdall.providers.spi.UpstreamRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adds {@code Authorization: Bearer <access token>} for Vertex AI, obtained with Google's OAuth2 JWT-bearer flow
 * from each key's {@code service-account}: a JWT signed with the account's key is exchanged at its
 * {@code token_uri} for an access token.
 *
 * <p>Tokens are cached per key and refreshed ahead of expiry (five minutes, or half the lifetime of a short-lived
 * token); concurrent requests needing a token share one in-flight fetch. Reading the key file and signing run on a
 * worker thread; the token exchange uses a Vert.x HTTP client, so no event loop blocks. A failed fetch fails only the
 * attempt, as an {@link ProviderError.AuthFailure} (another key or target may serve it), and is retried by the next
 * request. Tokens and keys are never logged nor put in error messages.
 */
public final class VertexTokenAuthorizer implements UpstreamAuthorizer {

    static final Duration REFRESH_AHEAD = Duration.ofMinutes(5);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Vertx vertx;
    private final HttpClient http;
    private final Clock clock;
    private final Map<String, KeyTokens> byKey = new ConcurrentHashMap<>();

    public VertexTokenAuthorizer(Vertx vertx) {
        this(vertx, Clock.systemUTC());
    }

    public VertexTokenAuthorizer(Vertx vertx, Clock clock) {
        this.vertx = vertx;
        this.clock = clock;
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(10_000)
                .setIdleTimeout(30).setKeepAlive(true));
    }

    /** An access token and when it should be replaced. */
    record AccessToken(String value, Instant refreshAt) {
    }

    /** The token state of one key; guarded by its own monitor. */
    private static final class KeyTokens {
        AccessToken token;
        Future<AccessToken> inFlight;
    }

    @Override
    public Future<UpstreamRequest> authorize(UpstreamRequest request, ProviderRuntime provider,
                                             ProviderKeyConfig key) {
        String account = key == null ? null : key.credential(ProviderKeyConfig.SERVICE_ACCOUNT);
        if (account == null) {
            // a key with a plain value: the adapter already sent it as the bearer token
            return Future.succeededFuture(request);
        }
        String cacheKey = provider.name() + "/" + key.name();
        KeyTokens tokens = byKey.computeIfAbsent(cacheKey, k -> new KeyTokens());
        Future<AccessToken> shared;
        synchronized (tokens) {
            AccessToken current = tokens.token;
            if (current != null && clock.instant().isBefore(current.refreshAt())) {
                return Future.succeededFuture(withToken(request, current.value()));
            }
            if (tokens.inFlight == null) {
                Future<AccessToken> fetch = fetch(account, cacheKey);
                tokens.inFlight = fetch;
                // registered after the assignment, so even a fetch that is already complete clears it
                fetch.onComplete(ar -> {
                    synchronized (tokens) {
                        if (tokens.inFlight == fetch) {
                            tokens.inFlight = null;
                        }
                        if (ar.succeeded()) {
                            tokens.token = ar.result();
                        }
                    }
                });
            }
            shared = tokens.inFlight;
        }
        // the fetch may complete on another event loop: hand the result back to the requesting one
        Context context = vertx.getOrCreateContext();
        Promise<UpstreamRequest> result = Promise.promise();
        shared.onComplete(ar -> context.runOnContext(v -> {
            if (ar.succeeded()) {
                result.complete(withToken(request, ar.result().value()));
            } else {
                result.fail(ar.cause());
            }
        }));
        return result.future();
    }

    private static UpstreamRequest withToken(UpstreamRequest request, String token) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(request.headers().size() + 1);
        for (Map.Entry<String, String> h : request.headers()) {
            if (!h.getKey().equalsIgnoreCase("authorization")) {
                headers.add(h);
            }
        }
        headers.add(Map.entry("Authorization", "Bearer " + token));
        return request.withHeaders(headers);
    }

    private Future<AccessToken> fetch(String account, String cacheKey) {
        Future<Signed> signed = vertx.executeBlocking(() -> {
            GoogleServiceAccount sa = GoogleServiceAccount.load(account);
            return new Signed(sa.tokenUri(), JwtAssertion.sign(sa, JwtAssertion.CLOUD_PLATFORM_SCOPE,
                    clock.instant()));
        }, false);
        return signed.compose(s -> exchange(s))
                .recover(err -> Future.failedFuture(err instanceof ProviderException ? err
                        : failure(cacheKey, err instanceof IllegalArgumentException ? err.getMessage()
                        : "token endpoint unreachable (" + err.getClass().getSimpleName() + ")")));
    }

    private record Signed(String tokenUri, String jwt) {
    }

    private Future<AccessToken> exchange(Signed signed) {
        String form = "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer",
                StandardCharsets.UTF_8) + "&assertion=" + URLEncoder.encode(signed.jwt(), StandardCharsets.UTF_8);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(signed.tokenUri())
                .putHeader("content-type", "application/x-www-form-urlencoded").setTimeout(10_000);
        Instant sent = clock.instant();
        return http.request(options)
                .compose(req -> req.send(Buffer.buffer(form)))
                .compose(res -> res.body().map(body -> {
                    if (res.statusCode() != 200) {
                        throw failure(signed.tokenUri(), "token endpoint answered HTTP " + res.statusCode());
                    }
                    return parse(body, sent, signed.tokenUri());
                }));
    }

    private static AccessToken parse(Buffer body, Instant sent, String where) {
        JsonNode json;
        try {
            json = MAPPER.readTree(body.getBytes());
        } catch (IOException e) {
            throw failure(where, "token endpoint answered no JSON");
        }
        String token = json == null ? null : json.path("access_token").asText(null);
        if (token == null || token.isEmpty()) {
            throw failure(where, "token endpoint answered no access_token");
        }
        long lifetime = Math.max(0, json.path("expires_in").asLong(3600));
        Duration ahead = REFRESH_AHEAD.compareTo(Duration.ofSeconds(lifetime).dividedBy(2)) < 0 ? REFRESH_AHEAD
                : Duration.ofMillis(lifetime * 500);
        return new AccessToken(token, sent.plusSeconds(lifetime).minus(ahead));
    }

    private static ProviderException failure(String where, String why) {
        return new ProviderException(new ProviderError.AuthFailure("could not obtain a Google access token for "
                + where + ": " + why, 401));
    }

    /** Closes the token client. */
    public Future<Void> close() {
        return http.close();
    }
}
