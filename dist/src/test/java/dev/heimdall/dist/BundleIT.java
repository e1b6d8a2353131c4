package dev.heimdall.dist;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/** heimdall-VERSION.tar.gz as `mvn package` built it: what is in it, its checksum, and that it runs as it is. */
class BundleIT {

    private static final String NAME = "heimdall-" + System.getProperty("heimdall.version");

    @TempDir
    static Path unpacked;

    private static Path home;
    private static Map<String, String> modes;

    @BeforeAll
    static void unpack() throws Exception {
        Command.Result listing = Command.of("tar", "-tvzf", Repository.bundle().toString()).run();
        assertThat(listing.exit()).as(listing.output()).isZero();
        modes = new HashMap<>();
        listing.output().lines().forEach(line -> {
            String[] fields = line.split("\\s+");
            modes.put(fields[fields.length - 1], fields[0]);
        });
        assertThat(Command.of("tar", "-xzf", Repository.bundle().toString(), "-C", unpacked.toString()).run().exit())
                .isZero();
        home = unpacked.resolve(NAME);
    }

    @Test
    void holdsTheProgramsTheStartScriptTheDeployPathsAndTheDocs() {
        assertThat(modes).containsEntry(NAME + "/bin/heimdall", "-rwxr-xr-x")
                .containsEntry(NAME + "/deploy/baremetal/install.sh", "-rwxr-xr-x")
                .containsEntry(NAME + "/deploy/baremetal/rolling-upgrade.sh", "-rwxr-xr-x")
                .containsEntry(NAME + "/deploy/baremetal/heimdall.service", "-rw-r--r--")
                .containsKeys(NAME + "/lib/heimdall.jar", NAME + "/lib/heimdall-loadtest.jar", NAME + "/VERSION",
                        NAME + "/README.md", NAME + "/docs/benchmarks.md", NAME + "/deploy/README.md",
                        NAME + "/deploy/baremetal/heimdall.yaml", NAME + "/deploy/baremetal/heimdall.env",
                        NAME + "/deploy/haproxy/haproxy.cfg", NAME + "/deploy/kubernetes/kustomization.yaml",
                        NAME + "/deploy/kubernetes/Dockerfile", NAME + "/deploy/examples/local.yaml");
        assertThat(modes.keySet()).as("every entry under one top directory").allMatch(e -> e.startsWith(NAME + "/"))
                .noneMatch(e -> e.contains("quickstart.sh") || e.contains("deploy/bin/"));
    }

    @Test
    void theChecksumBesideItIsTheTarballsSha256InSha256sumFormat() throws Exception {
        Path bundle = Repository.bundle();
        String digest = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(bundle)));

        assertThat(Path.of(bundle + ".sha256")).hasContent(digest + "  " + bundle.getFileName());
        Command.Result check = Command.of("sha256sum", "-c", bundle.getFileName() + ".sha256")
                .in(bundle.getParent()).run();
        assertThat(check.exit()).as(check.output()).isZero();
    }

    @Test
    void theJarsCarryAllTheirDependencies() throws Exception {
        try (JarFile node = new JarFile(home.resolve("lib/heimdall.jar").toFile())) {
            assertThat(node.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("dev.heimdall.node.HeimdallNode");
            assertThat(List.of("io/vertx/core/Vertx.class", "com/fasterxml/jackson/dataformat/yaml/YAMLFactory.class",
                    "dev/heimdall/providers/AdapterRegistry.class", "ch/qos/logback/classic/Logger.class"))
                    .allSatisfy(entry -> assertThat(node.getEntry(entry)).as(entry).isNotNull());
        }
        try (JarFile loadtest = new JarFile(home.resolve("lib/heimdall-loadtest.jar").toFile())) {
            assertThat(loadtest.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("dev.heimdall.loadtest.LoadtestMain");
        }
        assertThat(home.resolve("VERSION")).hasContent(System.getProperty("heimdall.version"));
    }

    @Test
    void theQuickStartConfigurationPassesTheNodesCheckFromTheBundle() throws Exception {
        Command.Result check = Command.of(home.resolve("bin/heimdall").toString(), "--check",
                "--config", home.resolve("deploy/examples/local.yaml").toString()).run();

        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output()).contains("configuration is valid");
    }

    @Test
    void theClusterExamplesPassTheNodesCheck() throws Exception {
        JsonNode bareMetal = KubernetesBase.YAML.readTree(home.resolve("deploy/baremetal/heimdall.yaml").toFile());
        JsonNode kubernetes = KubernetesBase.YAML.readTree(KubernetesBase.load(home.resolve("deploy/kubernetes"))
                .find("ConfigMap", "heimdall-config").orElseThrow().at("/data/heimdall.yaml").asText());

        for (JsonNode example : List.of(bareMetal, kubernetes)) {
            assertThat(example.at("/cluster/port").asInt()).isEqualTo(5701);
            assertThat(example.at("/storage/url").asText()).startsWith("jdbc:postgresql://");
            assertThat(example.at("/admin/tokens/0/token").asText()).isEqualTo("${HEIMDALL_ADMIN_TOKEN}");
            Path file = Files.writeString(unpacked.resolve("example.yaml"), KubernetesBase.YAML.writeValueAsString(example));

            Command.Result check = Command.of(home.resolve("bin/heimdall").toString(), "--check", "--config",
                    file.toString()).withEnvironment(Map.of("OPENAI_API_KEY", "sk-x", "ANTHROPIC_API_KEY", "sk-y",
                            "HEIMDALL_DB_PASSWORD", "db-secret", "HEIMDALL_ADMIN_TOKEN", "admin-token-0123456789",
                            "POD_NAMESPACE", "heimdall")).run();

            assertThat(check.exit()).as(check.output()).isZero();
        }
        assertThat(bareMetal.at("/cluster/join/members")).extracting(JsonNode::asText)
                .hasSize(3).allMatch(member -> member.endsWith(":5701"));
    }
}
