package dev.heimdall.governance.guardrails;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

/**
 * Credentials of the right shape, made up at run time from a seeded random source, so that no real-looking secret
 * literal sits in the repository (where a secret scanner would rightly complain about it).
 */
public final class FakeSecrets {

    public static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    public static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    public static final String DIGITS = "0123456789";
    public static final String ALNUM = UPPER + LOWER + DIGITS;
    public static final String BASE64 = ALNUM + "+/";
    public static final String URL_SAFE = ALNUM + "_-";

    private final Random random;

    public FakeSecrets(long seed) {
        this.random = new Random(seed);
    }

    public String of(String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** Letters and digits with at least one digit (gitleaks' generic rule looks for mixed values). */
    public String mixed(int length) {
        return of(ALNUM, length - 2) + of(DIGITS, 1) + of(LOWER, 1);
    }

    public String awsAccessKeyId() {
        return "AKIA" + of(UPPER + "234567", 16);
    }

    public String awsSecretAccessKey() {
        return of(BASE64, 40);
    }

    public String githubPat() {
        return "ghp_" + of(ALNUM, 36);
    }

    public String gitlabPat() {
        return "glpat-" + of(URL_SAFE, 20);
    }

    public String slackBotToken() {
        return "xoxb-" + of(DIGITS, 11) + "-" + of(DIGITS, 12) + "-" + of(ALNUM, 24);
    }

    public String stripeSecretKey() {
        return "sk_" + "live_" + of(ALNUM, 24);
    }

    public String googleApiKey() {
        return "AI" + "za" + of(URL_SAFE, 35);
    }

    public String openAiProjectKey() {
        return "sk-proj-" + of(URL_SAFE, 74) + "T3Blbk" + "FJ" + of(URL_SAFE, 74);
    }

    public String anthropicKey() {
        return "sk-ant-" + "api03-" + of(URL_SAFE, 93) + "AA";
    }

    public String jwt() {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = url.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = url.encodeToString(("{\"sub\":\"" + of(DIGITS, 10) + "\",\"name\":\"" + of(LOWER, 8)
                + "\",\"iat\":" + of(DIGITS, 10) + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + of(URL_SAFE, 43);
    }

    public String pemPrivateKey() {
        StringBuilder body = new StringBuilder();
        for (int line = 0; line < 25; line++) {
            body.append(of(BASE64, 64)).append('\n');
        }
        String armour = "RSA " + "PRIVATE KEY";
        return "-----BEGIN " + armour + "-----\n" + body + "-----END " + armour + "-----";
    }

    public String password() {
        return of(ALNUM, 14) + "!" + of(DIGITS, 2);
    }
}
