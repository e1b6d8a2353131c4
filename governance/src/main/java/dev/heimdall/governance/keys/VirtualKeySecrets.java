package dev.heimdall.governance.keys;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Issues virtual-key secrets: {@code hk-} and 192 random bits in base62 (33 characters, zero-padded so every secret
 * has the same length). The prefix lets secret scanners and humans recognise a Heimdall key; base62 keeps it one word
 * that survives copy and paste, URLs and headers.
 */
public final class VirtualKeySecrets {

    public static final String PREFIX = "hk-";
    static final int RANDOM_BYTES = 24;
    /** ceil(192 / log2(62)) */
    static final int ENCODED_LENGTH = 33;

    private static final char[] BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int HINT_TAIL = 4;
    /** Secrets shorter than this get no tail in their hint: four characters would give away too much of them. */
    private static final int MIN_LENGTH_FOR_TAIL = 16;

    /** A secret as handed to its owner once, with what the gateway keeps of it. */
    public record Issued(String secret, KeyHash hash, String hint) {

        @Override
        public String toString() {
            return "Issued[hint=" + hint + "]";
        }
    }

    private final SecureRandom random;

    public VirtualKeySecrets() {
        this(new SecureRandom());
    }

    public VirtualKeySecrets(SecureRandom random) {
        this.random = random;
    }

    public Issued issue() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        String secret = PREFIX + base62(bytes);
        Arrays.fill(bytes, (byte) 0);
        return new Issued(secret, KeyHash.of(secret), hint(secret));
    }

    /**
     * What a human may see of a secret: {@code hk-...AbC9}. Secrets declared in the config file need not carry the
     * prefix; theirs is left out, and short ones show no tail.
     */
    public static String hint(String secret) {
        String prefix = secret.startsWith(PREFIX) ? PREFIX : "";
        if (secret.length() < MIN_LENGTH_FOR_TAIL) {
            return prefix + "...";
        }
        return prefix + "..." + secret.substring(secret.length() - HINT_TAIL);
    }

    /** Big-endian base62 by repeated division of the byte array, fixed at {@link #ENCODED_LENGTH} digits. */
    static String base62(byte[] bytes) {
        int[] number = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            number[i] = bytes[i] & 0xff;
        }
        char[] digits = new char[ENCODED_LENGTH];
        for (int position = ENCODED_LENGTH - 1; position >= 0; position--) {
            int remainder = 0;
            for (int i = 0; i < number.length; i++) {
                int value = (remainder << 8) | number[i];
                number[i] = value / 62;
                remainder = value % 62;
            }
            digits[position] = BASE62[remainder];
        }
        return new String(digits);
    }
}
