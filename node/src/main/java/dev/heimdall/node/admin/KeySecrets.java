package dev.heimdall.node.admin;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * New virtual-key secrets: {@code hk-} and 24 random bytes (192 bits) in base62, 33 characters, so that a key is
 * recognisable in logs and secret scanners yet has nothing to guess. Also the short ids of keys created without one.
 */
final class KeySecrets {

    static final String PREFIX = "hk-";
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final BigInteger RADIX = BigInteger.valueOf(62);
    private static final int SECRET_BYTES = 24;
    /** ceil(192 / log2(62)): every 24-byte value fits, so all secrets have the same length */
    private static final int SECRET_DIGITS = 33;
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeySecrets() {
    }

    static String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + base62(new BigInteger(1, bytes), SECRET_DIGITS);
    }

    /** An id for a key created without one: {@code vk-} and 12 random base62 characters. */
    static String newKeyId() {
        StringBuilder id = new StringBuilder("vk-");
        for (int i = 0; i < 12; i++) {
            id.append(BASE62.charAt(RANDOM.nextInt(62)));
        }
        return id.toString();
    }

    /** What may be shown of a secret: its prefix and last four characters. */
    static String hint(String secret) {
        return PREFIX + "..." + secret.substring(secret.length() - 4);
    }

    private static String base62(BigInteger value, int digits) {
        char[] out = new char[digits];
        BigInteger rest = value;
        for (int i = digits - 1; i >= 0; i--) {
            BigInteger[] division = rest.divideAndRemainder(RADIX);
            out[i] = BASE62.charAt(division[1].intValue());
            rest = division[0];
        }
        return new String(out);
    }
}
