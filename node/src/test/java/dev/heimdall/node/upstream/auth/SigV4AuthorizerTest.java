package dev.heimdall.node.upstream.auth;

import dev.heimdall.node.config.ProviderConfig;
import dev.heimdall.node.config.ProviderKeyConfig;
import dev.heimdall.node.config.TimeoutsConfig;
import dev.heimdall.node.config.TlsConfig;
import dev.heimdall.node.upstream.ProviderRuntime;
import dev.heimdall.providers.bedrock.BedrockAdapter;
import dev.heimdall.providers.spi.ProviderError;
import dev.heimdall.providers.spi.ProviderException;
import dev.heimdall.providers.spi.UpstreamRequest;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SigV4AuthorizerTest {

    private final SigV4Authorizer authorizer = new SigV4Authorizer(Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"),
            ZoneOffset.UTC));
    private final UpstreamRequest request = new UpstreamRequest("POST", "/model/amazon.nova-pro-v1%3A0/converse",
            List.of(Map.entry("content-type", "application/json")), "{}".getBytes(StandardCharsets.UTF_8), false);

    private static ProviderRuntime provider(String baseUrl, String region) {
        Map<String, String> settings = region == null ? Map.of() : Map.of("region", region);
        ProviderConfig config = new ProviderConfig("aws", "bedrock", URI.create(baseUrl), List.of(), null, null,
                new LinkedHashMap<>(), TimeoutsConfig.DEFAULT, TlsConfig.DEFAULT, null, 8, List.of(), settings);
        return ProviderRuntime.of(config, new BedrockAdapter(), authorizer(null));
    }

    private static SigV4Authorizer authorizer(Clock clock) {
        return clock == null ? new SigV4Authorizer() : new SigV4Authorizer(clock);
    }

    private static ProviderKeyConfig key(Map<String, String> credentials) {
        return new ProviderKeyConfig("k", null, 1, List.of(), credentials, Map.of());
    }

    private static String header(UpstreamRequest r, String name) {
        return r.headers().stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    @Test
    void signsForTheProvidersRegionAtTheClocksTime() {
        UpstreamRequest signed = authorizer.authorize(request, provider("https://bedrock-runtime.us-west-2.amazonaws.com",
                "us-west-2"), key(Map.of("access-key-id", "AKIDEXAMPLE", "secret-access-key", "s3cr3t")))
                .result();

        assertThat(header(signed, "authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250601/"
                + "us-west-2/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=");
        assertThat(header(signed, "x-amz-content-sha256")).as("SHA-256 of the body {}")
                .isEqualTo("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
        assertThat(header(signed, "x-amz-date")).isEqualTo("20250601T120000Z");
        assertThat(header(signed, "content-type")).isEqualTo("application/json");
        assertThat(header(signed, "host")).as("the HTTP client writes Host").isNull();
        assertThat(signed.headers().toString()).doesNotContain("s3cr3t");
    }

    @Test
    void aKeysRegionAndSessionTokenWin() {
        UpstreamRequest signed = authorizer.authorize(request, provider("https://bedrock-runtime.us-east-1.amazonaws.com",
                null), key(Map.of("access-key-id", "AKIDEXAMPLE", "secret-access-key", "s3cr3t", "session-token",
                "tok", "region", "eu-central-1"))).result();

        assertThat(header(signed, "authorization")).contains("/eu-central-1/bedrock/aws4_request")
                .contains("x-amz-security-token");
        assertThat(header(signed, "x-amz-security-token")).isEqualTo("tok");
    }

    @Test
    void theSignedUrlIsTheOneSentWithItsPrefixAndPort() {
        ProviderRuntime mock = provider("http://127.0.0.1:9090/bedrock", null);
        assertThat(SigV4Authorizer.url(request, mock))
                .isEqualTo("http://127.0.0.1:9090/bedrock/model/amazon.nova-pro-v1%3A0/converse");
        assertThat(SigV4Authorizer.url(request, provider("https://bedrock-runtime.us-east-1.amazonaws.com", null)))
                .isEqualTo("https://bedrock-runtime.us-east-1.amazonaws.com/model/amazon.nova-pro-v1%3A0/converse");
        UpstreamRequest elsewhere = new UpstreamRequest("POST", "/model/x/converse", List.of(), new byte[0], false,
                "https://bedrock-runtime.eu-west-1.amazonaws.com");
        assertThat(SigV4Authorizer.url(elsewhere, mock)).isEqualTo("https://bedrock-runtime.eu-west-1.amazonaws.com"
                + "/model/x/converse");
    }

    @Test
    void aKeyWithoutASecretFailsWithoutShowingAnything() {
        Future<UpstreamRequest> result = authorizer.authorize(request, provider("http://127.0.0.1:9090/bedrock", null),
                key(Map.of("access-key-id", "AKIDEXAMPLE")));

        assertThat(result.failed()).isTrue();
        ProviderError error = ((ProviderException) result.cause()).error();
        assertThat(error).isInstanceOf(ProviderError.AuthFailure.class);
        assertThat(error.message()).doesNotContain("AKIDEXAMPLE");
    }
}
