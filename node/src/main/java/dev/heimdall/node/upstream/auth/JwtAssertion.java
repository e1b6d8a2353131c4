package dev.heimdall.node.upstream.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

/**
 * The signed JWT of Google's OAuth2 service-account flow (RFC 7523): RS256 over
 * {@code {"iss": client_email, "scope", "aud": token_uri, "iat", "exp": iat + 1h}} with the key id in the header.
 */
public final class JwtAssertion {

    public static final String CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    static final long LIFETIME_SECONDS = 3600;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private JwtAssertion() {
    }

    /** The compact JWS {@code header.claims.signature}. CPU-bound (an RSA signature): keep it off event loops. */
    public static String sign(GoogleServiceAccount account, String scope, Instant now) {
        ObjectNode header = MAPPER.createObjectNode().put("alg", "RS256").put("typ", "JWT");
        if (account.privateKeyId() != null) {
            header.put("kid", account.privateKeyId());
        }
        long iat = now.getEpochSecond();
        ObjectNode claims = MAPPER.createObjectNode().put("iss", account.clientEmail()).put("scope", scope)
                .put("aud", account.tokenUri()).put("iat", iat).put("exp", iat + LIFETIME_SECONDS);
        String signingInput = URL.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + URL.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(account.privateKey());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + URL.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the service-account JWT: " + e.getMessage(), e);
        }
    }
}
