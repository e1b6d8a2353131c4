package dev.heimdall.governance.keys;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class VirtualKeySecretsTest {

    private final VirtualKeySecrets secrets = new VirtualKeySecrets();

    @Test
    void secretsCarryThePrefixAnd192RandomBitsInBase62() {
        VirtualKeySecrets.Issued issued = secrets.issue();

        assertThat(issued.secret()).matches("hk-[0-9A-Za-z]{33}");
        assertThat(issued.hash()).isEqualTo(KeyHash.of(issued.secret()));
        assertThat(issued.hint()).isEqualTo("hk-..." + issued.secret().substring(issued.secret().length() - 4));
        assertThat(issued.toString()).doesNotContain(issued.secret());
    }

    @Test
    void everySecretIsNew() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            assertThat(seen.add(secrets.issue().secret())).isTrue();
        }
    }

    @Test
    void base62IsTheNumberTheBytesSpell() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[VirtualKeySecrets.RANDOM_BYTES];
            random.nextBytes(bytes);
            assertThat(decode(VirtualKeySecrets.base62(bytes))).isEqualTo(new BigInteger(1, bytes));
        }
        byte[] max = new byte[VirtualKeySecrets.RANDOM_BYTES];
        Arrays.fill(max, (byte) 0xff);
        assertThat(decode(VirtualKeySecrets.base62(max))).isEqualTo(new BigInteger(1, max));
        assertThat(VirtualKeySecrets.base62(new byte[VirtualKeySecrets.RANDOM_BYTES])).isEqualTo("0".repeat(33));
    }

    @Test
    void hintsOfForeignAndShortSecretsGiveLittleAway() {
        assertThat(VirtualKeySecrets.hint("my-config-declared-secret-1234")).isEqualTo("...1234");
        assertThat(VirtualKeySecrets.hint("hk-short")).isEqualTo("hk-...");
        assertThat(VirtualKeySecrets.hint("abc")).isEqualTo("...");
    }

    private static BigInteger decode(String base62) {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        BigInteger value = BigInteger.ZERO;
        for (char c : base62.toCharArray()) {
            value = value.multiply(BigInteger.valueOf(62)).add(BigInteger.valueOf(alphabet.indexOf(c)));
        }
        return value;
    }
}
