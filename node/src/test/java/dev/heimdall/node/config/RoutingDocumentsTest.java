package dev.heimdall.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heimdall.governance.store.EntityKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutingDocumentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final RoutingDocuments documents =
            new RoutingDocuments(new ConfigLoader(Set.of("openai"), Map.of("HOME", "/root")));

    @Test
    void readsDocumentsLikeTheFileAndOrdersRules() throws Exception {
        HeimdallConfig config = documents.parse(
                List.of(doc("{\"id\": \"oa\", \"type\": \"openai\", \"keys\": [{\"name\": \"k\", \"value\": \"sk-$HOME-${HOME}\"}]}")),
                List.of(doc("{\"id\": \"smart\", \"targets\": [{\"provider\": \"oa\", \"model\": \"gpt-4o\"}]}")),
                List.of(doc("{\"id\": \"b\", \"order\": 2, \"when\": \"true\", \"model\": \"smart\"}"),
                        doc("{\"id\": \"a\", \"order\": 2, \"when\": \"true\", \"model\": \"smart\"}"),
                        doc("{\"id\": \"z\", \"order\": 1, \"when\": \"true\", \"model\": \"oa/gpt-4o\"}")));
        assertThat(config.providers().get("oa").keys().get(0).value()).isEqualTo("sk-$HOME-${HOME}");
        assertThat(config.models().get("smart").targets().get(0).model()).isEqualTo("gpt-4o");
        assertThat(config.routingRules()).extracting(RoutingRuleConfig::name).containsExactly("z", "a", "b");
    }

    @Test
    void namesTheEntityAndFieldThatIsWrong() throws Exception {
        List<JsonNode> providers = List.of(doc("{\"id\": \"o.a\", \"type\": \"openai\"}"));
        assertThatThrownBy(() -> documents.parse(providers,
                List.of(doc("{\"id\": \"smart\", \"targets\": [{\"provider\": \"o.a\", \"model\": \"m\", \"weight\": -1}]}")),
                List.of()))
                .isInstanceOfSatisfying(RoutingDocumentException.class, e -> {
                    assertThat(e.kind()).isEqualTo(EntityKind.MODEL_ALIAS);
                    assertThat(e.id()).isEqualTo("smart");
                    assertThat(e.field()).isEqualTo("targets[0].weight");
                });
        assertThatThrownBy(() -> documents.parse(List.of(doc("{\"id\": \"o.a\", \"type\": \"openai\", \"tls\": {\"verify\": 1}}")),
                List.of(), List.of()))
                .isInstanceOfSatisfying(RoutingDocumentException.class, e -> {
                    assertThat(e.kind()).isEqualTo(EntityKind.PROVIDER);
                    assertThat(e.id()).isEqualTo("o.a");
                    assertThat(e.field()).isEqualTo("tls.verify");
                });
        assertThatThrownBy(() -> documents.parse(providers, List.of(),
                List.of(doc("{\"id\": \"r\", \"when\": \"true\", \"model\": \"nothing\"}"))))
                .isInstanceOfSatisfying(RoutingDocumentException.class, e -> {
                    assertThat(e.kind()).isEqualTo(EntityKind.ROUTING_RULE);
                    assertThat(e.field()).isEqualTo("model");
                });
        assertThatThrownBy(() -> documents.parse(providers, List.of(),
                List.of(doc("{\"id\": \"r\", \"order\": 1.5, \"when\": \"true\", \"model\": \"o.a/m\"}"))))
                .isInstanceOfSatisfying(RoutingDocumentException.class, e -> assertThat(e.field()).isEqualTo("order"));
    }

    private static JsonNode doc(String json) throws Exception {
        return JSON.readTree(json);
    }
}
