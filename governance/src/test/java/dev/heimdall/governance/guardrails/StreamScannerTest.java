package dev.heimdall.governance.guardrails;

import dev.heimdall.governance.guardrails.secrets.SecretRuleSet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A streamed response, however it is cut into chunks, comes out exactly as the whole text would from a one-shot
 * scan: the same redactions, the same findings at the same offsets.
 */
class StreamScannerTest {

    private static final String PROSE = "The deployment finished without errors. Here is the configuration you asked "
            + "for, with the values filled in from the vault, and a short summary of what changed since last week. ";

    private final FakeSecrets fake = new FakeSecrets(11);
    private final GuardrailEngine engine = new GuardrailEngine(
            GuardrailPolicy.builder().secrets(Action.REDACT).pii(Action.REDACT).build(), SecretRuleSet.builtIn());

    /** Streams the chunks and returns the released text and findings as one verdict. */
    private static Verdict stream(GuardrailEngine engine, List<String> chunks) {
        StreamScanner scanner = engine.streamScanner();
        StringBuilder text = new StringBuilder();
        List<Finding> findings = new ArrayList<>();
        boolean blocked = false;
        List<Emission> emissions = new ArrayList<>();
        for (String chunk : chunks) {
            emissions.add(scanner.push(chunk));
        }
        emissions.add(scanner.finish());
        for (Emission emission : emissions) {
            text.append(emission.text());
            findings.addAll(emission.findings());
            blocked |= emission.blocked();
        }
        return new Verdict(findings, List.of(text.toString()), blocked);
    }

    private void assertEverySplitMatchesTheWholeScan(String secret, String rule, String text) {
        Verdict whole = engine.scan(text);
        assertThat(whole.findings()).extracting(Finding::ruleId).contains(rule);
        assertThat(whole.text()).doesNotContain(secret);
        for (int split = 0; split <= text.length(); split++) {
            Verdict streamed = stream(engine, List.of(text.substring(0, split), text.substring(split)));
            assertThat(streamed.text()).as("split at %d", split).isEqualTo(whole.text());
            assertThat(streamed.findings()).as("split at %d", split).isEqualTo(whole.findings());
        }
    }

    @Test
    void aTokenSplitAtEveryPositionIsStillRedacted() {
        String key = fake.githubPat();
        assertEverySplitMatchesTheWholeScan(key, "github-pat", PROSE + "GITHUB_TOKEN=" + key + "\n" + PROSE);
    }

    @Test
    void aLongKeySplitAtEveryPositionIsStillRedacted() {
        String key = fake.openAiProjectKey();
        assertEverySplitMatchesTheWholeScan(key, "openai-api-key", PROSE + PROSE + "OPENAI_API_KEY=" + key + " " + PROSE);
    }

    @Test
    void aGenericAssignmentSplitAtEveryPositionIsStillRedacted() {
        String value = fake.mixed(40);
        assertEverySplitMatchesTheWholeScan(value, "generic-api-key", PROSE + "client_secret: \"" + value + "\"\n" + PROSE);
    }

    @Test
    void aConnectionStringPasswordSplitAtEveryPositionIsStillRedacted() {
        String password = fake.password();
        assertEverySplitMatchesTheWholeScan(password, "connection-string-password",
                PROSE + "url: mysql://reporting:" + password + "@10.2.3.4:3306/sales\n" + PROSE);
    }

    @Test
    void aCardNumberSplitAtEveryPositionIsStillRedacted() {
        assertEverySplitMatchesTheWholeScan("4111 1111 1111 1111", "credit-card",
                PROSE + "Card: 4111 1111 1111 1111, expires 12/29. " + PROSE);
    }

    @Test
    void aPrivateKeyLongerThanTheWindowIsHeldUntilItsEndLine() {
        String key = fake.pemPrivateKey();
        String text = PROSE + "id_rsa:\n" + key + "\n" + PROSE;
        Verdict whole = engine.scan(text);
        for (int split = 0; split <= text.length(); split += 7) {
            Verdict streamed = stream(engine, List.of(text.substring(0, split), text.substring(split)));
            assertThat(streamed.text()).as("split at %d", split).isEqualTo(whole.text());
        }
        assertThat(whole.text()).contains("[REDACTED:private-key]").doesNotContain(key.substring(40, 80));
    }

    @Test
    void tinyChunksGiveTheSameResultAsOneScan() {
        String text = PROSE + "aws_secret_access_key = " + fake.awsSecretAccessKey() + "\nmail jane@example.com, call "
                + "+1 415 555 2671, token " + fake.slackBotToken() + " and " + fake.jwt() + "\n" + PROSE + PROSE;
        Random random = new Random(3);
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < text.length(); ) {
            int size = 1 + random.nextInt(9);
            chunks.add(text.substring(i, Math.min(text.length(), i + size)));
            i += size;
        }
        Verdict whole = engine.scan(text);
        Verdict streamed = stream(engine, chunks);

        assertThat(whole.findings()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(streamed.text()).isEqualTo(whole.text());
        assertThat(streamed.findings()).isEqualTo(whole.findings());
    }

    @Test
    void textIsReleasedOnceItIsAWindowBehind() {
        StreamScanner scanner = engine.streamScanner();
        assertThat(scanner.push(PROSE).text()).isEmpty();
        Emission emission = scanner.push(PROSE + PROSE);
        assertThat(emission.text()).isEqualTo((PROSE + PROSE + PROSE).substring(0, 3 * PROSE.length() - 256));
        assertThat(scanner.finish().text()).hasSize(256);
    }

    @Test
    void aBlockingFindingInTheStreamSaysSo() {
        GuardrailEngine blocking = new GuardrailEngine(GuardrailPolicy.builder().secrets(Action.BLOCK).build(),
                SecretRuleSet.builtIn());
        String key = fake.stripeSecretKey();
        Verdict streamed = stream(blocking, List.of(PROSE, "stripe key " + key.substring(0, 10), key.substring(10), PROSE));
        assertThat(streamed.blocked()).isTrue();
        assertThat(streamed.text()).doesNotContain(key);
        assertThat(streamed.findings()).extracting(Finding::ruleId).containsExactly("stripe-access-token");
    }

    @Test
    void heldTextStaysBoundedWhenAMatchNeverEnds() {
        StreamScanner scanner = engine.streamScanner();
        String blob = "data: " + fake.of(FakeSecrets.BASE64, 1000);
        long released = 0;
        long pushed = 0;
        for (int i = 0; i < 300; i++) {
            String chunk = i == 0 ? blob : fake.of(FakeSecrets.BASE64, 1000);
            pushed += chunk.length();
            released += scanner.push(chunk).text().length();
        }
        assertThat(pushed - released).isLessThanOrEqualTo(64 * 1024 + 1000);
    }
}
