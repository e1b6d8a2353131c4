package dev.heimdall.governance.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of a virtual key's secret, hex-encoded: all the gateway ever stores. A plain hash suffices (no salt or
 * slow KDF) because the secrets are 192 random bits, not passwords: there is nothing to guess.
 */
public record KeyHash(String hex) {

    public KeyHash {
        if (hex == null || hex.length() != 64) {
            throw new IllegalArgumentException("a key hash is 64 hex digits");
        }
    }

    public static KeyHash of(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return new KeyHash(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "KeyHash[" + hex.substring(0, 8) + "…]";
    }
}
