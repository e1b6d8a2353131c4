package dev.heimdall.node.upstream.auth;

import dev.heimdall.node.config.ProviderKeyConfig;
import dev.heimdall.node.upstream.ProviderRuntime;
import dev.heimdall.node.upstream.UpstreamAuthorizer;
import dev.heimdall.providers.spi.ProviderError;
import dev.heimdall.providers.spi.ProviderException;
import dev.heimdall.providers.spi.TargetContext;
import dev.heimdall.providers.spi.UpstreamRequest;
import io.vertx.core.Future;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Signs Bedrock requests with AWS Signature Version 4, using the AWS SDK's own signer (service {@code bedrock}): the
 * method, the full URL actually called (the origin, or the base URL with its path prefix), every header the adapter
 * set, and the payload's SHA-256. The region is the key's own, else the provider's. Signing is a few HMACs over the
 * request, CPU-only and microseconds long, so it runs on the event loop. Credentials never appear in an error or log:
 * a failure to sign is reported as an {@link ProviderError.AuthFailure} naming only the key.
 */
public final class SigV4Authorizer implements UpstreamAuthorizer {

    public static final String SERVICE = "bedrock";
    private static final String DEFAULT_REGION = "us-east-1";

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final Clock clock;

    public SigV4Authorizer() {
        this(Clock.systemUTC());
    }

    /** @param clock the signing time ({@code X-Amz-Date}); fixed in tests */
    public SigV4Authorizer(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Future<UpstreamRequest> authorize(UpstreamRequest request, ProviderRuntime provider, ProviderKeyConfig key) {
        if (key == null || key.credential(ProviderKeyConfig.ACCESS_KEY_ID) == null
                || key.credential(ProviderKeyConfig.SECRET_ACCESS_KEY) == null) {
            return Future.failedFuture(new ProviderException(new ProviderError.AuthFailure(provider.name()
                    + ": the key has no AWS access key id and secret to sign with", 502)));
        }
        try {
            return Future.succeededFuture(sign(request, url(request, provider), region(provider, key), key));
        } catch (RuntimeException e) {
            return Future.failedFuture(new ProviderException(new ProviderError.AuthFailure(provider.name()
                    + ": cannot sign the request with key " + key.name(), 502)));
        }
    }

    UpstreamRequest sign(UpstreamRequest request, String url, String region, ProviderKeyConfig key) {
        SdkHttpRequest.Builder http = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(request.method()))
                .uri(URI.create(url));
        for (Map.Entry<String, String> header : request.headers()) {
            http.appendHeader(header.getKey(), header.getValue());
        }
        String token = key.credential(ProviderKeyConfig.SESSION_TOKEN);
        String id = key.credential(ProviderKeyConfig.ACCESS_KEY_ID);
        String secret = key.credential(ProviderKeyConfig.SECRET_ACCESS_KEY);
        AwsCredentialsIdentity identity = token == null ? AwsCredentialsIdentity.create(id, secret)
                : AwsSessionCredentialsIdentity.create(id, secret, token);
        SignedRequest signed = signer.sign(r -> r
                .identity(identity)
                .request(http.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(request.body()))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
        List<Map.Entry<String, String>> headers = new ArrayList<>(request.headers().size() + 4);
        signed.request().forEachHeader((name, values) -> {
            // the HTTP client writes Host itself, from the same host and port that were signed
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> headers.add(Map.entry(name, v)));
            }
        });
        return request.withHeaders(headers);
    }

    /** The URL the request will go to: what {@code UpstreamCall} sends, spelled out for the canonical request. */
    static String url(UpstreamRequest request, ProviderRuntime provider) {
        if (request.origin() != null) {
            return request.origin() + request.path();
        }
        boolean defaultPort = provider.port() == (provider.ssl() ? 443 : 80);
        return (provider.ssl() ? "https" : "http") + "://" + provider.host() + (defaultPort ? "" : ":" + provider.port())
                + provider.basePath() + request.path();
    }

    static String region(ProviderRuntime provider, ProviderKeyConfig key) {
        String keyRegion = key.credential(ProviderKeyConfig.REGION);
        if (keyRegion != null) {
            return keyRegion;
        }
        return provider.config().settings().getOrDefault(TargetContext.REGION, DEFAULT_REGION);
    }
}
