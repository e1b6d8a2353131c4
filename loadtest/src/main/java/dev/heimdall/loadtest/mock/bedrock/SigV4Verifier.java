package dev.heimdall.loadtest.mock.bedrock;

import io.vertx.core.http.HttpServerRequest;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an AWS Signature Version 4 the way AWS does: it parses the {@code Authorization} header, recomputes the
 * signature over the request as received (method, path with the mock's prefix, query, the signed headers, the
 * body) at the request's {@code X-Amz-Date}, with the secret it knows for the access key id, and compares. The
 * recomputation uses the AWS SDK's signer, so the check is exactly as strict as the real canonicalisation.
 */
final class SigV4Verifier {

    /** Why a request is refused, in Bedrock's terms; null fields mean accepted. */
    record Outcome(String errorType, String message) {
        static final Outcome OK = new Outcome(null, null);

        boolean ok() {
            return errorType == null;
        }
    }

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request,\\s*"
                    + "SignedHeaders=([^,]+),\\s*Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final Map<String, String> secrets;

    SigV4Verifier(Map<String, String> secrets) {
        this.secrets = Map.copyOf(secrets);
    }

    /** The access key id of a signed request, or null. */
    static String accessKeyId(HttpServerRequest req) {
        String auth = req.getHeader("authorization");
        Matcher m = auth == null ? null : AUTHORIZATION.matcher(auth);
        return m != null && m.find() ? m.group(1) : null;
    }

    /**
     * The host the client addressed. The AWS SDK's Netty client (as of 2.57, on Netty 4.2) sends no Host header over
     * plain HTTP/1.1, though it signs one: the address the connection arrived at is then what it signed.
     */
    private static String host(HttpServerRequest req) {
        String host = req.getHeader("host");
        if (host != null) {
            return host;
        }
        return req.authority() != null ? req.authority().toString()
                : req.localAddress().hostAddress() + ":" + req.localAddress().port();
    }

    Outcome verify(HttpServerRequest req, byte[] body) {
        String auth = req.getHeader("authorization");
        if (auth == null) {
            return new Outcome("MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        Matcher m = AUTHORIZATION.matcher(auth);
        if (!m.find()) {
            return new Outcome("IncompleteSignatureException", "Authorization header requires 'Credential', "
                    + "'SignedHeaders' and 'Signature' parameters in the form AWS4-HMAC-SHA256 Credential=...");
        }
        String keyId = m.group(1);
        String secret = secrets.get(keyId);
        if (secret == null) {
            return new Outcome("UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        String region = m.group(3);
        String service = m.group(4);
        String signedHeaders = m.group(5);
        String amzDate = req.getHeader("x-amz-date");
        if (amzDate == null) {
            return new Outcome("IncompleteSignatureException", "Authorization header requires existence of either a "
                    + "'X-Amz-Date' or a 'Date' header.");
        }
        Clock at;
        try {
            at = Clock.fixed(LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        } catch (RuntimeException e) {
            return new Outcome("IncompleteSignatureException", "X-Amz-Date is not in the ISO8601 basic format");
        }
        String host = host(req);
        String query = req.query();
        SdkHttpRequest.Builder http = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(req.method().name()))
                .uri(URI.create("http://" + host + req.path() + (query == null ? "" : "?" + query)));
        String token = null;
        for (String name : signedHeaders.split(";")) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("host") || lower.equals("x-amz-date")) {
                continue; // the signer derives these from the URL and the clock
            }
            if (lower.equals("x-amz-security-token")) {
                token = req.getHeader(name);
                continue;
            }
            for (String value : req.headers().getAll(name)) {
                http.appendHeader(name, value);
            }
        }
        AwsCredentialsIdentity identity = token == null ? AwsCredentialsIdentity.create(keyId, secret)
                : AwsSessionCredentialsIdentity.create(keyId, secret, token);
        SignedRequest expected = signer.sign(r -> r
                .identity(identity)
                .request(http.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, at));
        String expectedAuth = expected.request().firstMatchingHeader("Authorization").orElse("");
        Matcher e = AUTHORIZATION.matcher(expectedAuth);
        boolean match = e.find() && MessageDigest.isEqual(e.group(6).getBytes(StandardCharsets.US_ASCII),
                m.group(6).getBytes(StandardCharsets.US_ASCII));
        if (!match) {
            return new Outcome("InvalidSignatureException", "The request signature we calculated does not match the "
                    + "signature you provided. Check your AWS Secret Access Key and signing method. Consult the "
                    + "service documentation for details.");
        }
        return Outcome.OK;
    }
}
