package dev.heimdall.node.upstream.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The parts of a Google service-account key file the OAuth2 JWT-bearer flow needs. {@link #toString()} never shows
 * the private key.
 *
 * @param privateKeyId the key's id, sent as the JWT's {@code kid}; may be null
 * @param tokenUri     where to exchange the signed JWT for an access token
 */
public record GoogleServiceAccount(String clientEmail, PrivateKey privateKey, String privateKeyId, String tokenUri) {

    public static final String DEFAULT_TOKEN_URI = "https://oauth2.googleapis.com/token";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Reads a service account from its JSON, given inline or as the path of the key file. Blocking when it reads a
     * file: call it off the event loop.
     *
     * @throws IllegalArgumentException naming what is missing or malformed (never quoting the key)
     */
    public static GoogleServiceAccount load(String jsonOrPath) {
        String json = jsonOrPath.trim();
        if (!json.startsWith("{")) {
            try {
                json = Files.readString(Path.of(json));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the service-account file: " + e.getMessage());
            }
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("the service account is not valid JSON");
        }
        String email = text(root, "client_email");
        String pem = text(root, "private_key");
        if (email == null || pem == null) {
            throw new IllegalArgumentException("the service account needs client_email and private_key");
        }
        String tokenUri = text(root, "token_uri");
        return new GoogleServiceAccount(email, privateKey(pem), text(root, "private_key_id"),
                tokenUri != null ? tokenUri : DEFAULT_TOKEN_URI);
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root == null ? null : root.get(field);
        return node != null && node.isTextual() && !node.textValue().isBlank() ? node.textValue() : null;
    }

    /** An RSA private key from a PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}), as Google issues them. */
    static PrivateKey privateKey(String pem) {
        String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                    Base64.getDecoder().decode(base64)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("the service account's private_key is not a PKCS#8 RSA key");
        }
    }

    @Override
    public String toString() {
        return "GoogleServiceAccount[clientEmail=" + clientEmail + ", privateKeyId=" + privateKeyId + ", tokenUri="
                + tokenUri + ", privateKey=***]";
    }
}
