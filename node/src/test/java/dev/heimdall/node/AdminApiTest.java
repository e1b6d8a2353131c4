package dev.heimdall.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.governance.keys.KeyHash;
import dev.heimdall.governance.store.EntityKind;
import dev.heimdall.governance.store.GovernanceChange;
import dev.heimdall.governance.store.UsageRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.heimdall.node.AdminClient.ADMIN;
import static dev.heimdall.node.AdminClient.OPERATOR;
import static dev.heimdall.node.AdminClient.VIEWER;
import static dev.heimdall.node.AdminClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The admin API through real HTTP: every entity kind, versions, references, rotation, paging and usage. */
class AdminApiTest {

    private static GatewayHarness harness;
    private static AdminClient admin;
    private static final List<GovernanceChange> changes = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        harness = GatewayHarness.start(GatewayHarness.DEFAULT_CONFIG + AdminClient.ADMIN_SECTION,
                GatewayHarness.mockDefaults());
        harness.node.governance().addListener(changes::add);
        admin = new AdminClient(harness.node.adminPort());
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    @Test
    void providerSecretsAreWriteOnlyAndSurviveAReplaceThatLeavesThemOut() throws Exception {
        HttpResponse<String> created = admin.post(ADMIN, "/admin/v1/providers", """
                {"id": "acme", "type": "openai", "base-url": "http://127.0.0.1:1/v1",
                 "keys": [{"name": "main", "value": "sk-acme-secret-1", "weight": 2}],
                 "headers": {"OpenAI-Organization": "org-acme-secret"}}
                """);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("location")).hasValue("/admin/v1/providers/acme");
        assertThat(created.headers().firstValue("etag")).hasValue("\"1\"");
        JsonNode view = json(created);
        assertThat(view.at("/keys/0/has-secret").asBoolean()).isTrue();
        assertThat(view.at("/keys/0").has("value")).isFalse();
        assertThat(view.get("header-names").toString()).isEqualTo("[\"OpenAI-Organization\"]");
        assertThat(created.body()).doesNotContain("sk-acme-secret-1").doesNotContain("org-acme-secret");

        ObjectNode edited = (ObjectNode) json(admin.get(VIEWER, "/admin/v1/providers/acme"));
        ((ObjectNode) edited.at("/keys/0")).put("weight", 5);
        HttpResponse<String> replaced = admin.put(OPERATOR, "/admin/v1/providers/acme", edited.toString(), "\"1\"");
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(json(replaced).at("/keys/0/weight").asInt()).isEqualTo(5);
        assertThat(json(replaced).get("version").asLong()).isEqualTo(2);
        String stored = harness.node.governance().store().get(EntityKind.PROVIDER, "acme").orElseThrow().json();
        assertThat(stored).contains("sk-acme-secret-1").contains("org-acme-secret");

        assertThat(admin.put(ADMIN, "/admin/v1/providers/acme", edited.toString(), "\"1\"").statusCode()).isEqualTo(412);
        assertThat(admin.delete(ADMIN, "/admin/v1/providers/acme", "\"1\"").statusCode()).isEqualTo(412);
        assertThat(admin.delete(ADMIN, "/admin/v1/providers/acme", "\"2\"").statusCode()).isEqualTo(204);
        assertThat(admin.get(ADMIN, "/admin/v1/providers/acme").statusCode()).isEqualTo(404);
    }

    @Test
    void aliasesAndRulesAreCheckedAgainstTheStoredProvidersByTheConfigParser() throws Exception {
        HttpResponse<String> dangling = admin.post(ADMIN, "/admin/v1/models",
                "{\"id\": \"fast\", \"targets\": [{\"provider\": \"nowhere\", \"model\": \"m\"}]}");
        assertThat(dangling.statusCode()).isEqualTo(400);
        assertThat(json(dangling).at("/error/field").asText()).isEqualTo("targets[0].provider");
        assertThat(json(dangling).at("/error/message").asText()).contains("unknown provider \"nowhere\"");

        assertThat(admin.post(ADMIN, "/admin/v1/providers", """
                {"id": "local", "type": "openai", "base-url": "http://127.0.0.1:1", "models": ["m1"]}
                """).statusCode()).isEqualTo(201);
        assertThat(admin.post(OPERATOR, "/admin/v1/models",
                "{\"id\": \"fast\", \"targets\": [{\"provider\": \"local\", \"model\": \"m1\"}]}").statusCode())
                .isEqualTo(201);

        HttpResponse<String> badRule = admin.post(OPERATOR, "/admin/v1/routing-rules",
                "{\"id\": \"broken\", \"when\": \"request.model ==\", \"model\": \"fast\"}");
        assertThat(badRule.statusCode()).isEqualTo(400);
        assertThat(json(badRule).at("/error/field").asText()).isEqualTo("when");
        HttpResponse<String> badOrder = admin.post(OPERATOR, "/admin/v1/routing-rules",
                "{\"id\": \"late\", \"order\": \"last\", \"when\": \"true\", \"model\": \"fast\"}");
        assertThat(json(badOrder).at("/error/field").asText()).isEqualTo("order");
        assertThat(admin.post(OPERATOR, "/admin/v1/routing-rules",
                "{\"id\": \"everything-fast\", \"order\": 10, \"when\": \"true\", \"model\": \"fast\"}").statusCode())
                .isEqualTo(201);

        HttpResponse<String> breaking = admin.delete(ADMIN, "/admin/v1/providers/local", null);
        assertThat(breaking.statusCode()).isEqualTo(409);
        assertThat(json(breaking).at("/error/message").asText()).contains("models/fast");
        HttpResponse<String> aliasInUse = admin.delete(ADMIN, "/admin/v1/models/fast", null);
        assertThat(aliasInUse.statusCode()).isEqualTo(409);
        assertThat(json(aliasInUse).at("/error/message").asText()).contains("routing-rules/everything-fast");

        assertThat(admin.delete(ADMIN, "/admin/v1/routing-rules/everything-fast", null).statusCode()).isEqualTo(204);
        assertThat(admin.delete(ADMIN, "/admin/v1/models/fast", null).statusCode()).isEqualTo(204);
        assertThat(admin.delete(ADMIN, "/admin/v1/providers/local", null).statusCode()).isEqualTo(204);
    }

    @Test
    void theHierarchyRefusesDanglingReferencesAndDeletesThatWouldLeaveThem() throws Exception {
        HttpResponse<String> orphan = admin.post(ADMIN, "/admin/v1/teams", "{\"id\": \"ml\", \"customer\": \"acme\"}");
        assertThat(orphan.statusCode()).isEqualTo(400);
        assertThat(json(orphan).at("/error/field").asText()).isEqualTo("customer");

        assertThat(admin.post(ADMIN, "/admin/v1/customers", """
                {"id": "acme", "name": "Acme Inc.", "budgets": [{"usd": 1000, "period": "monthly"}]}
                """).statusCode()).isEqualTo(201);
        assertThat(admin.post(ADMIN, "/admin/v1/teams", """
                {"id": "ml", "customer": "acme", "rate-limit": {"requests-per-minute": 600}}
                """).statusCode()).isEqualTo(201);
        assertThat(admin.post(ADMIN, "/admin/v1/access-profiles", """
                {"id": "batch", "allowed-models": ["groq/*"], "budgets": [{"name": "daily-guard", "usd": 2.5, "period": "daily"}]}
                """).statusCode()).isEqualTo(201);
        HttpResponse<String> key = admin.post(OPERATOR, "/admin/v1/virtual-keys",
                "{\"name\": \"ci\", \"team\": \"ml\", \"profile\": \"batch\"}");
        assertThat(key.statusCode()).isEqualTo(201);
        String id = json(key).get("id").asText();
        String secret = json(key).get("secret").asText();
        assertThat(id).matches("vk-[0-9a-z]{12}");
        assertThat(secret).matches("hk-[0-9A-Za-z]{33}");
        assertThat(json(key).get("hint").asText()).isEqualTo("hk-..." + secret.substring(secret.length() - 4));

        HttpResponse<String> read = admin.get(VIEWER, "/admin/v1/virtual-keys/" + id);
        assertThat(read.body()).doesNotContain(secret).doesNotContain(KeyHash.of(secret).hex());
        assertThat(json(read).has("secret")).isFalse();
        assertThat(json(read).get("profile").asText()).isEqualTo("batch");

        assertThat(json(admin.delete(ADMIN, "/admin/v1/teams/ml", null)).at("/error/message").asText())
                .contains("virtual-keys " + id);
        assertThat(admin.delete(ADMIN, "/admin/v1/customers/acme", null).statusCode()).isEqualTo(409);
        assertThat(admin.delete(ADMIN, "/admin/v1/access-profiles/batch", null).statusCode()).isEqualTo(409);
        assertThat(admin.delete(ADMIN, "/admin/v1/virtual-keys/" + id, null).statusCode()).isEqualTo(204);
        assertThat(admin.delete(ADMIN, "/admin/v1/teams/ml", null).statusCode()).isEqualTo(204);
        assertThat(admin.delete(ADMIN, "/admin/v1/customers/acme", null).statusCode()).isEqualTo(204);
        assertThat(admin.delete(ADMIN, "/admin/v1/access-profiles/batch", null).statusCode()).isEqualTo(204);
    }

    @Test
    void aRotatedKeyKeepsItsOldSecretForTheGracePeriodOnly() throws Exception {
        HttpResponse<String> created = admin.post(ADMIN, "/admin/v1/virtual-keys", "{\"id\": \"rotating\"}");
        String first = json(created).get("secret").asText();

        HttpResponse<String> rotated = admin.post(ADMIN, "/admin/v1/virtual-keys/rotating/rotate", "{\"grace-seconds\": 3600}");
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        String second = json(rotated).get("secret").asText();
        assertThat(second).isNotEqualTo(first).matches("hk-[0-9A-Za-z]{33}");
        Instant graceEnd = Instant.parse(json(rotated).get("previous-valid-until").asText());
        assertThat(graceEnd).isBetween(Instant.now().plusSeconds(3590), Instant.now().plusSeconds(3610));
        String stored = harness.node.governance().store().get(EntityKind.VIRTUAL_KEY, "rotating").orElseThrow().json();
        assertThat(stored).contains(KeyHash.of(second).hex()).contains(KeyHash.of(first).hex()).doesNotContain(first);

        HttpResponse<String> immediate = admin.send(ADMIN, "POST", "/admin/v1/virtual-keys/rotating/rotate", null, null, null);
        assertThat(immediate.statusCode()).isEqualTo(200);
        assertThat(json(immediate).has("previous-valid-until")).isFalse();
        assertThat(harness.node.governance().store().get(EntityKind.VIRTUAL_KEY, "rotating").orElseThrow().json())
                .doesNotContain(KeyHash.of(second).hex());
        admin.delete(ADMIN, "/admin/v1/virtual-keys/rotating", null);
    }

    @Test
    void aKeyIsDisabledByPatchAndExpiresWhenTold() throws Exception {
        admin.post(ADMIN, "/admin/v1/virtual-keys", "{\"id\": \"patched\", \"expires-at\": \"2030-01-01T00:00:00Z\"}");
        HttpResponse<String> patched = admin.patch(OPERATOR, "/admin/v1/virtual-keys/patched", "{\"enabled\": false}", null);
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(json(patched).get("enabled").asBoolean()).isFalse();
        assertThat(json(patched).get("expires-at").asText()).isEqualTo("2030-01-01T00:00:00Z");
        assertThat(json(patched).get("version").asLong()).isEqualTo(2);

        HttpResponse<String> cleared = admin.patch(OPERATOR, "/admin/v1/virtual-keys/patched",
                "{\"enabled\": true, \"expires-at\": null}", "\"2\"");
        assertThat(json(cleared).get("enabled").asBoolean()).isTrue();
        assertThat(json(cleared).has("expires-at")).isFalse();
        admin.delete(ADMIN, "/admin/v1/virtual-keys/patched", null);
    }

    @Test
    void listsComePageByPageInIdOrder() throws Exception {
        for (String id : List.of("page-e", "page-a", "page-d", "page-c", "page-b")) {
            admin.post(ADMIN, "/admin/v1/guardrail-policies", "{\"id\": \"" + id + "\", \"secrets\": \"block\"}");
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = json(admin.get(VIEWER, "/admin/v1/guardrail-policies?limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor)));
            page.get("data").forEach(entry -> seen.add(entry.get("id").asText()));
            cursor = page.get("next-cursor").isNull() ? null : page.get("next-cursor").asText();
            pages++;
        } while (cursor != null);
        assertThat(seen).containsExactly("page-a", "page-b", "page-c", "page-d", "page-e");
        assertThat(pages).isEqualTo(3);
        for (String id : seen) {
            admin.delete(ADMIN, "/admin/v1/guardrail-policies/" + id, null);
        }
    }

    @Test
    void usageIsSummedPerGroupOverTheRange() throws Exception {
        long hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS).toEpochMilli();
        harness.node.governance().store().addUsage(List.of(
                new UsageRecord(hour, "vk-1", "ml", "acme", "openai", "gpt-4o", 3, 300, 30, 0, 1_500_000),
                new UsageRecord(hour, "vk-2", "ml", "acme", "anthropic", "claude", 1, 100, 10, 5, 250_000),
                new UsageRecord(hour, "vk-3", null, null, "openai", "gpt-4o", 2, 20, 2, 0, 1)));
        JsonNode byTeam = json(admin.get(VIEWER, "/admin/v1/usage?group_by=team"));
        assertThat(byTeam.get("group-by").asText()).isEqualTo("team");
        assertThat(byTeam.get("data").toString())
                .contains("{\"group\":\"ml\",\"requests\":4,\"input-tokens\":400,\"output-tokens\":40,\"cached-tokens\":5,\"cost-usd\":1.75}")
                .contains("{\"group\":null,\"requests\":2");
        JsonNode oneKey = json(admin.get(VIEWER, "/admin/v1/usage?group_by=provider&key=vk-1&from="
                + Instant.ofEpochMilli(hour) + "&to=" + Instant.ofEpochMilli(hour + 3_600_000)));
        assertThat(oneKey.get("data")).hasSize(1);
        assertThat(oneKey.at("/data/0/group").asText()).isEqualTo("openai");
        assertThat(oneKey.at("/data/0/cost-usd").decimalValue()).isEqualByComparingTo("1.5");
        JsonNode before = json(admin.get(VIEWER, "/admin/v1/usage?to=" + Instant.ofEpochMilli(hour)));
        assertThat(before.get("data")).isEmpty();
        HttpResponse<String> badGroup = admin.get(VIEWER, "/admin/v1/usage?group_by=planet");
        assertThat(badGroup.statusCode()).isEqualTo(400);
        assertThat(json(badGroup).at("/error/field").asText()).isEqualTo("group_by");
    }

    @Test
    void everyWriteIsToldToTheChangeListenerAfterItCommitted() throws Exception {
        changes.clear();
        admin.post(ADMIN, "/admin/v1/customers", "{\"id\": \"told\"}");
        admin.put(ADMIN, "/admin/v1/customers/told", "{\"name\": \"Told Ltd\"}", null);
        admin.post(ADMIN, "/admin/v1/customers", "{\"id\": \"told\"}");
        admin.delete(ADMIN, "/admin/v1/customers/told", null);
        assertThat(changes).containsExactly(
                new GovernanceChange(EntityKind.CUSTOMER, "told", GovernanceChange.Type.CREATED, 1),
                new GovernanceChange(EntityKind.CUSTOMER, "told", GovernanceChange.Type.REPLACED, 2),
                new GovernanceChange(EntityKind.CUSTOMER, "told", GovernanceChange.Type.DELETED, 0));
    }
}
