package dev.heimdall.dist;

import dev.heimdall.loadtest.mock.MockConfig;
import dev.heimdall.loadtest.mock.MockProvider;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** install.sh into a scratch root, and a node run from what it installed. */
class BareMetalInstallIT {

    private static final String VERSION = System.getProperty("heimdall.version");

    private static Vertx vertx;
    private static MockProvider mock;

    @TempDir
    Path root;

    @BeforeAll
    static void startMock() throws Exception {
        vertx = Vertx.vertx();
        mock = MockProvider.start(vertx, MockConfig.defaults().port(0)).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopMock() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void installsTheLayoutTheUnitExpects() throws Exception {
        ScratchInstall target = new ScratchInstall(root);

        Command.Result result = target.install();

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(Files.readSymbolicLink(target.path("/opt/heimdall/current")))
                .isEqualTo(Path.of("releases", VERSION));
        assertThat(target.path("/opt/heimdall/current/bin/heimdall")).isExecutable();
        assertThat(target.path("/opt/heimdall/current/lib/heimdall.jar")).isRegularFile();
        assertThat(target.path("/opt/heimdall/current/deploy/baremetal/rolling-upgrade.sh")).isExecutable();
        assertThat(permissions(target.path("/etc/heimdall"))).isEqualTo("rwxr-x---");
        assertThat(permissions(target.path("/etc/heimdall/heimdall.env"))).isEqualTo("rw-r-----");
        assertThat(target.path("/etc/heimdall/heimdall.yaml"))
                .hasSameTextualContentAs(Repository.deploy("baremetal/heimdall.yaml"));
        assertThat(permissions(target.path("/var/lib/heimdall"))).isEqualTo("rwxr-x---");
        assertThat(target.path("/etc/systemd/system/heimdall.service"))
                .hasSameTextualContentAs(Repository.deploy("baremetal/heimdall.service"));
    }

    @Test
    void reinstallingKeepsTheOperatorsConfigAndSwitchesNothingElse() throws Exception {
        ScratchInstall target = new ScratchInstall(root);
        assertThat(target.install().exit()).isZero();
        Files.writeString(target.path("/etc/heimdall/heimdall.yaml"), "server: { port: 9000 }\n");
        Files.writeString(target.path("/etc/heimdall/heimdall.env"), "OPENAI_API_KEY=sk-mine\n");
        Files.writeString(target.path("/var/lib/heimdall/state"), "kept");

        Command.Result again = target.install();

        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.output()).doesNotContain("wrote");
        assertThat(target.path("/etc/heimdall/heimdall.yaml")).hasContent("server: { port: 9000 }");
        assertThat(target.path("/etc/heimdall/heimdall.env")).hasContent("OPENAI_API_KEY=sk-mine");
        assertThat(target.path("/var/lib/heimdall/state")).hasContent("kept");
        try (var releases = Files.list(target.path("/opt/heimdall/releases"))) {
            assertThat(releases.map(p -> p.getFileName().toString())).containsExactly(VERSION);
        }
    }

    @Test
    void writesOtherPathsAndAccountIntoTheUnit() throws Exception {
        ScratchInstall target = new ScratchInstall(root);

        Command.Result result = target.install("--prefix", "/srv/heimdall", "--config-dir", "/srv/conf",
                "--data-dir", "/srv/data", "--user", "gateway");

        assertThat(result.exit()).as(result.output()).isZero();
        String unit = Files.readString(target.path("/etc/systemd/system/heimdall.service"));
        assertThat(unit).contains("ExecStart=/srv/heimdall/current/bin/heimdall",
                "ExecStop=/srv/heimdall/current/bin/heimdall drain",
                "Environment=HEIMDALL_CONFIG=/srv/conf/heimdall.yaml", "EnvironmentFile=-/srv/conf/heimdall.env",
                "ReadWritePaths=/srv/data", "WorkingDirectory=/srv/data", "User=gateway\n", "Group=gateway\n")
                .doesNotContain("/opt/heimdall", "/etc/heimdall", "/var/lib/heimdall");
        assertThat(target.path("/srv/heimdall/current/bin/heimdall")).isExecutable();
        assertThat(target.path("/srv/data")).isDirectory();
    }

    @Test
    void uninstallRemovesTheProgramAndKeepsConfigAndDataUnlessPurged() throws Exception {
        ScratchInstall target = new ScratchInstall(root);
        assertThat(target.install().exit()).isZero();

        Command.Result removed = target.uninstall();

        assertThat(removed.exit()).as(removed.output()).isZero();
        assertThat(target.path("/opt/heimdall")).doesNotExist();
        assertThat(target.path("/etc/systemd/system/heimdall.service")).doesNotExist();
        assertThat(target.path("/etc/heimdall/heimdall.yaml")).exists();
        assertThat(target.path("/var/lib/heimdall")).exists();
        assertThat(target.uninstall().exit()).as("removing twice").isZero();

        Command.Result purged = target.uninstall("--purge");

        assertThat(purged.exit()).as(purged.output()).isZero();
        assertThat(target.path("/etc/heimdall")).doesNotExist();
        assertThat(target.path("/var/lib/heimdall")).doesNotExist();
    }

    @Test
    void refusesABundleThatDoesNotMatchItsChecksum() throws Exception {
        Path copy = Files.copy(Repository.bundle(), root.resolve(Repository.bundle().getFileName()));
        Files.writeString(root.resolve(copy.getFileName() + ".sha256"), "0".repeat(64) + "  " + copy.getFileName() + "\n");
        Path target = Files.createDirectory(root.resolve("target"));

        Command.Result result = Command.of("sh", Repository.deploy("baremetal/install.sh").toString(),
                "--bundle", copy.toString(), "--root", target.toString(), "--no-user").run();

        assertThat(result.exit()).isNotZero();
        assertThat(result.output()).contains("does not match");
        assertThat(target.resolve("opt")).doesNotExist();
    }

    @Test
    void theBundlesOwnInstallScriptInstallsTheBundleItCameIn() throws Exception {
        Path unpacked = Files.createDirectory(root.resolve("unpacked"));
        assertThat(Command.of("tar", "-xzf", Repository.bundle().toString(), "-C", unpacked.toString()).run().exit())
                .isZero();
        Path target = Files.createDirectory(root.resolve("target"));

        Command.Result result = Command.of(unpacked.resolve("heimdall-" + VERSION + "/deploy/baremetal/install.sh")
                .toString(), "--root", target.toString(), "--no-user").run();

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(target.resolve("opt/heimdall/current/lib/heimdall.jar")).isRegularFile();
    }

    @Test
    void theInstalledStartScriptRunsANodeThatServesAndStopsOnSigterm() throws Exception {
        ScratchInstall target = new ScratchInstall(root);
        assertThat(target.install().exit()).isZero();
        Path config = target.path("/etc/heimdall/heimdall.yaml");
        Files.writeString(config, """
                server: { host: 127.0.0.1, port: 0, event-loops: 1 }
                storage: { url: "jdbc:sqlite:%s" }
                providers:
                  openai:
                    type: openai
                    base-url: "http://127.0.0.1:%d/openai"
                    keys: [ { name: main, value: "${OPENAI_API_KEY}" } ]
                models:
                  smart: { targets: [ { provider: openai, model: gpt-4o } ] }
                virtual-keys:
                  - { name: bundle-test, key: "%s" }
                """.formatted(target.path("/var/lib/heimdall/heimdall.db"), mock.port(), NodeProcess.CLIENT_KEY));
        Map<String, String> environment = Map.of("HEIMDALL_CONFIG", config.toString(), "HEIMDALL_HEAP", "96m",
                "OPENAI_API_KEY", "sk-from-env-file");

        try (NodeProcess node = NodeProcess.start(target.path("/opt/heimdall/current/bin/heimdall"), environment,
                List.of())) {
            assertThat(node.get("/health/ready").statusCode()).isEqualTo(200);
            HttpResponse<String> answer = node.postJson("/v1/chat/completions",
                    "{\"model\":\"smart\",\"messages\":[{\"role\":\"user\",\"content\":\"hello from the bundle\"}]}");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.headers().firstValue("x-heimdall-model")).hasValue("gpt-4o");
            assertThat(mock.requests("openai")).anySatisfy(r -> {
                assertThat(r.body()).contains("hello from the bundle");
                assertThat(r.apiKey()).isEqualTo("sk-from-env-file");
            });
            assertThat(Files.readString(Path.of("/proc", Long.toString(node.pid()), "cmdline")).split("\0"))
                    .as("bin/heimdall execs the JVM with its flags")
                    .contains("-XX:+UseParallelGC", "-Xmx96m", "--add-opens");

            int exit = node.stop();

            assertThat(exit).as("SIGTERM ends the JVM through its shutdown hook (128 + 15)").isEqualTo(143);
            assertThat(node.output()).doesNotContain("shutdown did not complete cleanly");
        }
    }

    @Test
    void createsTheServiceAccountInTheTargetRootAndGivesItTheDataAndTheConfigsGroup() throws Exception {
        assumeTrue(Command.of("id", "-u").run().output().strip().equals("0") && Command.available("useradd"),
                "needs root and useradd: the account is not checked");
        Path etc = Files.createDirectories(root.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\n");
        Files.writeString(etc.resolve("shadow"), "root:*:19000:0:99999:7:::\n");
        Files.writeString(etc.resolve("gshadow"), "root:*::\n");
        List<String> install = List.of("sh", Repository.deploy("baremetal/install.sh").toString(),
                "--bundle", Repository.bundle().toString(), "--root", root.toString());

        Command.Result result = Command.of(install.toArray(String[]::new)).run();

        assertThat(result.exit()).as(result.output()).isZero();
        String account = Files.readAllLines(etc.resolve("passwd")).stream()
                .filter(line -> line.startsWith("heimdall:")).findFirst().orElseThrow();
        assertThat(account).endsWith(":/var/lib/heimdall:/usr/sbin/nologin");
        int uid = Integer.parseInt(account.split(":")[2]);
        int gid = Integer.parseInt(account.split(":")[3]);
        assertThat(Files.getAttribute(root.resolve("var/lib/heimdall"), "unix:uid")).isEqualTo(uid);
        assertThat(Files.getAttribute(root.resolve("etc/heimdall/heimdall.env"), "unix:uid")).isEqualTo(0);
        assertThat(Files.getAttribute(root.resolve("etc/heimdall/heimdall.env"), "unix:gid")).isEqualTo(gid);
        assertThat(Command.of(install.toArray(String[]::new)).run().output()).as("a second run")
                .doesNotContain("created the system account");

        Command.Result removed = Command.of("sh", Repository.deploy("baremetal/install.sh").toString(),
                "--root", root.toString(), "--uninstall").run();

        assertThat(removed.exit()).as(removed.output()).isZero();
        assertThat(Files.readString(etc.resolve("passwd"))).doesNotContain("heimdall");
    }

    @Test
    void systemdAcceptsTheInstalledUnit() throws Exception {
        assumeTrue(Command.available("systemd-analyze"),
                "systemd-analyze is not installed (Debian package systemd): the unit file is not verified");
        ScratchInstall target = new ScratchInstall(root);
        assertThat(target.install().exit()).isZero();
        // verify resolves the unit's dependencies (network-online.target, sysinit.target ...) inside --root
        // (masked units, links to /dev/null, are left out: nothing here needs them)
        Path units = Files.createDirectories(target.path("/usr/lib/systemd"));
        assertThat(Command.of("sh", "-c", "cp -R /usr/lib/systemd/system \"$0\" && find \"$0\" -lname /dev/null -delete",
                units.toString()).run().exit()).isZero();
        String unit = target.path("/etc/systemd/system/heimdall.service").toString();

        Command.Result verify = Command.of("systemd-analyze", "--root=" + root, "verify", unit).run();

        assertThat(verify.exit()).as(verify.output()).isZero();
        assertThat(verify.output()).as("warnings, such as an unknown directive").isBlank();

        Command.Result security = Command.of("systemd-analyze", "security", "--offline=yes", "--root=" + root,
                unit).run();
        assertThat(security.output()).containsPattern("Overall exposure level for heimdall.service: [0-2]\\.\\d OK");
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
