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

    /**
     * One digest per thread: every request hashes the key it presents, and looking the algorithm up in the security
     * providers each time cost more than the hash itself.
     */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    });

    public static KeyHash of(String secret) {
        // digest() resets the instance, so it is ready for the thread's next key
        byte[] digest = SHA_256.get().digest(secret.getBytes(StandardCharsets.UTF_8));
        return new KeyHash(HexFormat.of().formatHex(digest));
    }

    @Override
    public String toString() {
        return "KeyHash[" + hex.substring(0, 8) + "…]";
    }
}
