package dev.heimdall.governance.guardrails.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.heimdall.governance.guardrails.FakeSecrets;
import dev.heimdall.governance.guardrails.SamplePrompts;
import dev.heimdall.governance.guardrails.Match;
import dev.heimdall.governance.guardrails.MatchSink;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two speed-ups of the secret detector change no result: trying a rule only at its keywords finds what a full
 * search finds, and the regex without gitleaks' name prefix finds the same secrets at the same match starts.
 */
class AnchoringTest {

    private static final SecretRuleSet RULES = SecretRuleSet.builtIn();

    /** Prompts with every kind of secret the tests make, in prose, code and configuration. */
    private static List<String> corpus() {
        FakeSecrets fake = new FakeSecrets(99);
        List<String> texts = new ArrayList<>(SamplePrompts.ALL);
        texts.add("keys: " + fake.awsAccessKeyId() + " " + fake.githubPat() + " " + fake.gitlabPat() + "\n"
                + "slack = '" + fake.slackBotToken() + "'\nstripe.api_key = \"" + fake.stripeSecretKey() + "\"\n"
                + "maps?key=" + fake.googleApiKey() + " OPENAI_API_KEY=" + fake.openAiProjectKey() + "\n"
                + "anthropic_api_key: " + fake.anthropicKey() + "\nAuthorization: Bearer " + fake.jwt() + "\n"
                + fake.pemPrivateKey() + "\npostgres://u:" + fake.password() + "@h/db;Password=" + fake.password()
                + ";\nprod_client_secret = " + fake.mixed(30) + "\nmy_auth_token: '" + fake.mixed(24) + "'\n"
                + "aws_secret_access_key=" + fake.awsSecretAccessKey() + "\npassword_hash=" + fake.mixed(20) + "\n");
        StringBuilder dense = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            dense.append("key=").append(fake.mixed(12)).append(" token: ").append(fake.of(FakeSecrets.ALNUM, 11))
                    .append(" s.").append(fake.of(FakeSecrets.ALNUM, 24)).append(" ey").append(fake.mixed(20))
                    .append('.').append("ey").append(fake.mixed(20)).append(". ");
        }
        texts.add(dense.toString());
        return texts;
    }

    private static List<Match> collect(java.util.function.Consumer<MatchSink> run) {
        List<Match> found = new ArrayList<>();
        run.accept(new MatchSink() {
            @Override
            public void match(Match match) {
                found.add(match);
            }

            @Override
            public void rejected(int start, int end) {
                found.add(Match.of("rejected", null, start, end));
            }
        });
        return found;
    }

    @Test
    void nearlyEveryBuiltInRuleIsAnchored() {
        List<String> unanchored = RULES.rules().stream().filter(r -> !r.anchored()).map(SecretRule::id).toList();
        assertThat(unanchored).containsExactlyInAnyOrder("azure-ad-client-secret", "hashicorp-tf-api-token",
                "openai-api-key", "slack-config-access-token", "slack-webhook-url");
    }

    @Test
    void anAnchoredRuleFindsAtItsKeywordsWhatAFullSearchFinds() {
        Set<String> all = RULES.rules().stream().map(SecretRule::id).collect(Collectors.toSet());
        int compared = 0;
        for (String text : corpus()) {
            for (SecretRule rule : RULES.rules()) {
                if (!rule.anchored()) {
                    continue;
                }
                Set<String> others = new java.util.HashSet<>(all);
                others.remove(rule.id());
                List<Match> anchored = collect(sink -> RULES.detector(others).detect(text, sink));
                List<Match> full = collect(sink -> rule.find(text, sink));
                assertThat(anchored).as("%s", rule.id()).containsExactlyInAnyOrderElementsOf(full);
                compared += full.size();
            }
        }
        assertThat(compared).isGreaterThan(30);
    }

    @Test
    void withoutTheNamePrefixRulesFindTheSameSecretsAtTheSameStarts() throws Exception {
        Map<String, Pattern> original = new HashMap<>();
        try (InputStream in = getClass().getResourceAsStream("/dev/heimdall/governance/guardrails/secrets/gitleaks.toml")) {
            for (JsonNode rule : new TomlMapper().readTree(in).path("rules")) {
                String regex = rule.path("regex").asText();
                if (!NamePrefix.strip(regex).regex().equals(regex)) {
                    original.put(rule.path("id").asText(), Pattern.compile(Re2Syntax.toJava(regex)));
                }
            }
        }
        assertThat(original).containsKeys("generic-api-key", "cohere-api-token", "atlassian-api-token");
        int compared = 0;
        for (String text : corpus()) {
            for (SecretRule rule : RULES.rules()) {
                Pattern before = original.get(rule.id());
                if (before == null) {
                    continue;
                }
                List<String> now = collect(sink -> rule.find(text, sink)).stream()
                        .map(m -> m.extentStart() + "-" + m.extentEnd()).toList();
                List<String> then = new ArrayList<>();
                Matcher m = before.matcher(text);
                while (m.find()) {
                    int end = m.end();
                    while (end > m.start() && text.charAt(end - 1) == '\n') {
                        end--;
                    }
                    then.add(m.start() + "-" + end);
                }
                assertThat(now).as("%s", rule.id()).isEqualTo(then);
                compared += then.size();
            }
        }
        assertThat(compared).isGreaterThan(20);
    }
}
