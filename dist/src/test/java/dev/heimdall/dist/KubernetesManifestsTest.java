package dev.heimdall.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The kustomize base in deploy/kubernetes, checked offline: every object against the API's schema, then the rules of
 * the API and of a zero-downtime rollout that the schema cannot express.
 */
class KubernetesManifestsTest {

    /** DNS-1123 label: Service names, container names, object names used as DNS labels. */
    private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    /** IANA service name: port names a probe or targetPort refers to. */
    private static final String PORT_NAME = "(?=.{1,15}$)(?=.*[a-z])[a-z0-9]([a-z0-9]|-(?!-))*[a-z0-9]?";

    private static KubernetesBase base;
    private static JsonNode deployment;
    private static JsonNode pod;
    private static JsonNode container;

    @BeforeAll
    static void load() throws Exception {
        base = KubernetesBase.load(Repository.deploy("kubernetes"));
        deployment = base.only("Deployment");
        pod = deployment.at("/spec/template/spec");
        assertThat(pod.path("containers")).hasSize(1);
        container = pod.path("containers").get(0);
    }

    @Test
    void everyObjectMatchesTheApiSchemaOfItsKind() {
        assertThat(base.objects()).extracting(KubernetesBase::key).containsExactlyInAnyOrder(
                "ServiceAccount/heimdall", "ConfigMap/heimdall-config", "Secret/heimdall-secrets",
                "Service/heimdall", "Service/heimdall-hazelcast", "Deployment/heimdall",
                "PodDisruptionBudget/heimdall");
        base.objects().forEach(KubernetesSchema::validate);
    }

    @Test
    void theSchemaCheckRejectsAMisspelledField() {
        ObjectNode typo = deployment.deepCopy();
        ((ObjectNode) typo.at("/spec/template/spec")).put("terminationGracePeriod", 90);

        assertThatThrownBy(() -> KubernetesSchema.validate(typo))
                .hasMessageContaining("terminationGracePeriod").hasMessageContaining("V1PodSpec");
    }

    @Test
    void namesArePortNamesAndDnsLabels() {
        base.objects().forEach(o -> assertThat(o.at("/metadata/name").asText()).matches(DNS_LABEL).hasSizeLessThan(64));
        assertThat(container.path("name").asText()).matches(DNS_LABEL);
        container.path("ports").forEach(p -> assertThat(p.path("name").asText()).matches(PORT_NAME));
    }

    @Test
    void theDeploymentSelectsItsOwnPodsAndSoDoTheServicesAndTheBudget() {
        JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
        assertThat(selects(deployment.at("/spec/selector/matchLabels"), podLabels)).isTrue();
        assertThat(selects(base.only("PodDisruptionBudget").at("/spec/selector/matchLabels"), podLabels)).isTrue();
        Set<String> containerPorts = new HashSet<>();
        container.path("ports").forEach(p -> containerPorts.add(p.path("name").asText()));
        for (String service : List.of("heimdall", "heimdall-hazelcast")) {
            JsonNode spec = base.find("Service", service).orElseThrow().path("spec");
            assertThat(selects(spec.path("selector"), podLabels)).as(service).isTrue();
            spec.path("ports").forEach(p -> assertThat(containerPorts).as(service).contains(p.path("targetPort").asText()));
        }
    }

    @Test
    void hazelcastFindsItsMembersThroughAHeadlessServiceThatListsPodsBeforeTheyAreReady() throws Exception {
        JsonNode headless = base.find("Service", "heimdall-hazelcast").orElseThrow().path("spec");
        assertThat(headless.path("clusterIP").asText()).isEqualTo("None");
        assertThat(headless.path("publishNotReadyAddresses").asBoolean()).isTrue();
        assertThat(headless.at("/ports/0/port").asInt()).isEqualTo(5701);

        JsonNode config = KubernetesBase.YAML.readTree(
                base.find("ConfigMap", "heimdall-config").orElseThrow().at("/data/heimdall.yaml").asText());
        assertThat(config.at("/cluster/port").asInt()).isEqualTo(5701);
        assertThat(config.at("/cluster/join/kubernetes/service-dns").asText())
                .startsWith("heimdall-hazelcast.${POD_NAMESPACE}.");
        assertThat(env("POD_NAMESPACE").at("/valueFrom/fieldRef/fieldPath").asText()).isEqualTo("metadata.namespace");
        assertThat(config.at("/server/port").asInt()).isEqualTo(port("http"));
    }

    @Test
    void probesAskTheNodesHealthEndpoints() {
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
        assertThat(container.at("/readinessProbe/failureThreshold").asInt()).isEqualTo(1);
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
        assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/health/live");
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            assertThat(container.path(probe).at("/httpGet/port").asText()).as(probe).isEqualTo("http");
        }
    }

    @Test
    void aRolloutNeverLowersCapacityAndEveryPodDrainsBeforeItStops() {
        JsonNode strategy = deployment.at("/spec/strategy");
        assertThat(strategy.path("type").asText()).isEqualTo("RollingUpdate");
        assertThat(strategy.at("/rollingUpdate/maxUnavailable").asText()).isEqualTo("0");
        assertThat(strategy.at("/rollingUpdate/maxSurge").asInt()).isPositive();
        assertThat(base.only("PodDisruptionBudget").at("/spec/maxUnavailable").asInt()).isEqualTo(1);

        List<String> preStop = strings(container.at("/lifecycle/preStop/exec/command"));
        assertThat(String.join(" ", preStop)).contains("/opt/heimdall/bin/heimdall drain");
        int drainDeadline = Integer.parseInt(env("HEIMDALL_DRAIN_TIMEOUT").path("value").asText());
        int grace = pod.path("terminationGracePeriodSeconds").asInt();
        assertThat(grace).as("grace period above the drain deadline plus the preStop's sleep")
                .isGreaterThan(drainDeadline + 5);
    }

    @Test
    void resourcesReserveACoreAndBoundMemoryWithoutThrottlingTheCpu() {
        JsonNode resources = container.path("resources");
        assertThat(resources.at("/requests/cpu").asText()).isEqualTo("1");
        assertThat(resources.at("/requests/memory").asText()).isEqualTo(resources.at("/limits/memory").asText());
        assertThat(resources.at("/limits/cpu").isMissingNode()).isTrue();
        assertThat(env("HEIMDALL_HEAP").isMissingNode()).as("the heap follows the memory limit").isTrue();
    }

    @Test
    void podsRunUnprivilegedOnAReadOnlyRootWithoutTheApiToken() {
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(strings(container.at("/securityContext/capabilities/drop"))).containsExactly("ALL");
        assertThat(pod.path("automountServiceAccountToken").asBoolean()).isFalse();
        List<String> mounts = new ArrayList<>();
        container.path("volumeMounts").forEach(m -> mounts.add(m.path("mountPath").asText()));
        assertThat(mounts).as("the JVM's only writable places").contains("/tmp", "/var/lib/heimdall");
    }

    @Test
    void everythingThePodRefersToIsInTheBase() {
        assertThat(base.find("ServiceAccount", pod.path("serviceAccountName").asText())).isPresent();
        container.path("envFrom").forEach(e -> assertThat(base.find("Secret", e.at("/secretRef/name").asText())).isPresent());
        pod.path("volumes").forEach(v -> {
            if (v.has("configMap")) {
                assertThat(base.find("ConfigMap", v.at("/configMap/name").asText())).isPresent();
            }
        });
        String image = container.path("image").asText();
        assertThat(strings(base.kustomization().path("images"), "name")).contains(image);
    }

    @Test
    void kubectlKustomizeBuildsTheSameObjects() throws Exception {
        assumeTrue(Command.available("kubectl"), "kubectl is not installed: kustomize's own build is not compared");
        Command.Result build = Command.of("kubectl", "kustomize", base.directory().toString()).run();
        assertThat(build.exit()).as(build.output()).isZero();

        List<JsonNode> built = new ArrayList<>();
        KubernetesBase.YAML.readValues(KubernetesBase.YAML.getFactory().createParser(build.output()), JsonNode.class)
                .forEachRemaining(built::add);

        assertThat(built).extracting(KubernetesBase::key)
                .containsExactlyInAnyOrderElementsOf(base.objects().stream().map(KubernetesBase::key).toList());
        built.forEach(o -> assertThat(o.at("/metadata/labels/app.kubernetes.io~1part-of").asText())
                .as(KubernetesBase.key(o)).isEqualTo("heimdall"));
        JsonNode builtDeployment = built.stream().filter(o -> o.path("kind").asText().equals("Deployment")).findFirst()
                .orElseThrow();
        assertThat(builtDeployment.at("/spec/template/spec/containers/0/image").asText())
                .isEqualTo("heimdall:" + base.kustomization().at("/images/0/newTag").asText());
        assertThat(builtDeployment.at("/spec/selector")).as("labels stay out of the immutable selector")
                .isEqualTo(deployment.at("/spec/selector"));
        built.forEach(KubernetesSchema::validate);
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector.isEmpty()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> entry : iterable(selector)) {
            if (!entry.getValue().asText().equals(labels.path(entry.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
        return object::fields;
    }

    private static JsonNode env(String name) {
        return StreamSupport.stream(container.path("env").spliterator(), false)
                .filter(e -> e.path("name").asText().equals(name)).findFirst()
                .orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
    }

    private static int port(String name) {
        return StreamSupport.stream(container.path("ports").spliterator(), false)
                .filter(p -> p.path("name").asText().equals(name)).findFirst().orElseThrow()
                .path("containerPort").asInt();
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static List<String> strings(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.path(field).asText()).toList();
    }
}
