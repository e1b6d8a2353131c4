package dev.heimdall.governance.guardrails;

import dev.heimdall.governance.guardrails.secrets.SecretRuleSet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each credential family the issue names, caught in a realistic prompt and redacted, and a near miss of the same
 * shape left alone. The secrets are made up at run time ({@link FakeSecrets}).
 */
class SecretDetectionTest {

    private final FakeSecrets fake = new FakeSecrets(42);
    private final GuardrailEngine engine = new GuardrailEngine(GuardrailPolicy.builder().secrets(Action.REDACT).build(),
            SecretRuleSet.builtIn());

    private void assertRedacted(String rule, String secret, String prompt) {
        Verdict verdict = engine.scan(prompt);
        assertThat(verdict.findings()).extracting(Finding::ruleId).contains(rule);
        Finding finding = verdict.findings().stream().filter(f -> f.ruleId().equals(rule)).findFirst().orElseThrow();
        assertThat(prompt.substring(finding.start(), finding.start() + finding.length())).isEqualTo(secret);
        assertThat(verdict.text()).contains("[REDACTED:" + rule + "]").doesNotContain(secret);
        assertThat(verdict.toString()).doesNotContain(secret);
    }

    private void assertClean(String prompt) {
        Verdict verdict = engine.scan(prompt);
        assertThat(verdict.findings()).as(verdict.toString()).isEmpty();
        assertThat(verdict.text()).isSameAs(prompt);
    }

    @Test
    void awsAccessKeyIds() {
        String key = fake.awsAccessKeyId();
        assertRedacted("aws-access-token", key, "Why does `aws s3 ls` fail with key " + key + " in eu-west-1?");
        assertClean("The docs use AKIA" + "IOSFODNN7" + "EXAMPLE as the sample key id.");
        assertClean("AKIA" + "AAAAAAAAAAAAAAAA is not random enough, AKIA" + "ABCDEFGHIJKLMNO is too short.");
    }

    @Test
    void awsSecretAccessKeys() {
        String secret = fake.awsSecretAccessKey();
        assertRedacted("aws-secret-access-key", secret, "[default]\naws_secret_access_key = " + secret + "\n");
        assertRedacted("aws-secret-access-key", secret, "My AWS secret key is " + secret + ", what is wrong?");
        assertClean("Set the AWS secret key to wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLE" + "KEY as in the guide.");
    }

    @Test
    void githubAndGitlabTokens() {
        String github = fake.githubPat();
        assertRedacted("github-pat", github, "git clone https://x:" + github + "@github.com/acme/repo.git fails");
        String gitlab = fake.gitlabPat();
        assertRedacted("gitlab-pat", gitlab, "PRIVATE-TOKEN: " + gitlab);
        assertClean("Tokens start with ghp_ or glpat- followed by random characters.");
    }

    @Test
    void slackTokens() {
        String token = fake.slackBotToken();
        assertRedacted("slack-bot-token", token, "slack_client = WebClient(token='" + token + "')");
        assertClean("Use an xoxb- bot token, not an xoxp- user token.");
    }

    @Test
    void stripeKeys() {
        String key = fake.stripeSecretKey();
        assertRedacted("stripe-access-token", key, "stripe.api_key = \"" + key + "\"");
        assertClean("Stripe keys look like sk_" + "live_ followed by characters; sk_test_abc is a short one.");
    }

    @Test
    void googleApiKeys() {
        String key = fake.googleApiKey();
        assertRedacted("gcp-api-key", key, "https://maps.googleapis.com/maps/api/geocode/json?key=" + key + " ");
        assertClean("Google API keys begin with AIza.");
    }

    @Test
    void openAiAndAnthropicKeys() {
        String openai = fake.openAiProjectKey();
        assertRedacted("openai-api-key", openai, "export OPENAI_API_KEY=" + openai + "\npython main.py");
        String anthropic = fake.anthropicKey();
        assertRedacted("anthropic-api-key", anthropic, "client = Anthropic(api_key=\"" + anthropic + "\")");
        assertClean("OpenAI keys start with sk-proj- and Anthropic keys with sk-ant-api03-.");
    }

    @Test
    void jsonWebTokens() {
        String jwt = fake.jwt();
        assertRedacted("jwt", jwt, "The server answers 401 for Authorization: Bearer " + jwt + " - why?");
        assertClean("A JWT has three parts: eyJ... header, payload and signature, joined by dots.");
    }

    @Test
    void pemPrivateKeys() {
        String key = fake.pemPrivateKey();
        assertRedacted("private-key", key, "Here is my key, why does ssh reject it?\n" + key + "\nThanks!");
        assertClean("-----BEGIN PUBLIC KEY-----\n" + fake.of(FakeSecrets.BASE64, 64) + "\n-----END PUBLIC KEY-----");
    }

    @Test
    void connectionStringPasswords() {
        String password = fake.password();
        String url = "postgres://orders_app:" + password + "@db.internal:5432/orders";
        Verdict verdict = engine.scan("DATABASE_URL=" + url + " does not connect");
        assertThat(verdict.findings()).extracting(Finding::ruleId).containsExactly("connection-string-password");
        assertThat(verdict.text()).isEqualTo("DATABASE_URL=postgres://orders_app:[REDACTED:connection-string-password]"
                + "@db.internal:5432/orders does not connect");

        assertRedacted("connection-string-password", password,
                "Server=tcp:sql.internal,1433;Database=orders;User Id=app;Password=" + password + ";Encrypt=true");
        assertClean("postgres://orders_app:${DB_PASSWORD}@db.internal:5432/orders and https://example.com/a:b@c");
        assertClean("mysql://root:password@localhost/test is the tutorial's placeholder");
    }

    @Test
    void genericHighEntropyAssignments() {
        String value = fake.mixed(32);
        assertRedacted("generic-api-key", value, "config = {\"service_token\": \"" + value + "\"}");
        assertClean("api_key = \"your_api_key_here\"");
        assertClean("token = settings.API_TOKEN_VALUE");
        assertClean("The access, as the author said, was granted to all participants.");
    }

    @Test
    void aSpecificRuleWinsOverTheGenericOneForTheSameSecret() {
        String key = fake.githubPat();
        Verdict verdict = engine.scan("github_token = \"" + key + "\"");
        assertThat(verdict.findings()).extracting(Finding::ruleId).containsExactly("github-pat");
    }

    @Test
    void manySegmentsAreScannedOnTheirOwn() {
        String key = fake.githubPat();
        Verdict verdict = engine.scan(List.of("hello", "token " + key, "bye"));
        assertThat(verdict.findings()).singleElement().satisfies(f -> {
            assertThat(f.segment()).isEqualTo(1);
            assertThat(f.start()).isEqualTo(6);
            assertThat(f.length()).isEqualTo(key.length());
        });
        assertThat(verdict.segments()).containsExactly("hello", "token [REDACTED:github-pat]", "bye");
    }
}
