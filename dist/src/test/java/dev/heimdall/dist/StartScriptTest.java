package dev.heimdall.dist;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/heimdall's choice of JVM and flags, seen through a stand-in {@code java} that prints the arguments it got and
 * its process id (which is the script's when the script execs it).
 */
class StartScriptTest {

    @TempDir
    Path javaHome;

    @BeforeEach
    void fakeJava() throws Exception {
        Path java = Files.createDirectories(javaHome.resolve("bin")).resolve("java");
        Files.writeString(java, """
                #!/bin/sh
                echo "pid=$$"
                for arg in "$@"; do echo "arg=$arg"; done
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private List<String> run(Map<String, String> environment, String... args) throws Exception {
        Map<String, String> env = new HashMap<>(environment);
        env.put("JAVA_HOME", javaHome.toString());
        String[] argv = new String[args.length + 1];
        argv[0] = Repository.root().resolve("deploy/bin/heimdall").toString();
        System.arraycopy(args, 0, argv, 1, args.length);
        Command.Result result = Command.of(argv).withEnvironment(env).run();
        assertThat(result.exit()).as(result.output()).isZero();
        return result.output().lines().toList();
    }

    private static List<String> jvmArgs(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("arg=")).map(l -> l.substring(4)).toList();
    }

    @Test
    void runsTheNodeJarOnParallelGcWithHazelcastsOpensAndPassesItsArgumentsOn() throws Exception {
        List<String> args = jvmArgs(run(Map.of(), "--config", "/etc/heimdall/heimdall.yaml", "--check"));

        assertThat(args).contains("-XX:+UseParallelGC", "-XX:+ExitOnOutOfMemoryError",
                "-Dhazelcast.phone.home.enabled=false");
        assertThat(String.join(" ", args)).contains(
                "--add-modules java.se",
                "--add-exports java.base/jdk.internal.ref=ALL-UNNAMED",
                "--add-opens java.base/java.lang=ALL-UNNAMED",
                "--add-opens java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens java.management/sun.management=ALL-UNNAMED",
                "--add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED");
        assertThat(args.subList(args.size() - 5, args.size())).containsExactly(
                "-jar", Repository.root().resolve("deploy/lib/heimdall.jar").toString(),
                "--config", "/etc/heimdall/heimdall.yaml", "--check");
    }

    @Test
    void sizesTheHeapFromTheContainerOrMachineUnlessHeimdallHeapFixesIt() throws Exception {
        assertThat(jvmArgs(run(Map.of()))).contains("-XX:MaxRAMPercentage=50").noneMatch(a -> a.startsWith("-Xmx"));
        assertThat(jvmArgs(run(Map.of("HEIMDALL_HEAP", "768m"))))
                .contains("-Xms768m", "-Xmx768m").noneMatch(a -> a.contains("RAMPercentage"));
    }

    @Test
    void javaOptsComeLastAndTheirCollectorReplacesParallelGc() throws Exception {
        List<String> args = jvmArgs(run(Map.of("JAVA_OPTS", "-XX:+UseG1GC -Xlog:gc")));

        assertThat(args).contains("-XX:+UseG1GC").doesNotContain("-XX:+UseParallelGC");
        assertThat(args.indexOf("-Xlog:gc")).isEqualTo(args.indexOf("-jar") - 1);
    }

    @Test
    void execsTheJvmSoSignalsReachIt() throws Exception {
        Path out = Files.createTempFile(javaHome, "pid", ".txt");
        ProcessBuilder builder = new ProcessBuilder(Repository.root().resolve("deploy/bin/heimdall").toString())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("JAVA_HOME", javaHome.toString());
        Process process = builder.start();
        assertThat(process.waitFor()).isZero();

        assertThat(Files.readAllLines(out)).first().isEqualTo("pid=" + process.pid());
    }

    @Test
    void followsASymlinkToFindItsBundle() throws Exception {
        Path link = javaHome.resolve("heimdall-link");
        Files.createSymbolicLink(link, Repository.root().resolve("deploy/bin/heimdall"));
        Map<String, String> env = Map.of("JAVA_HOME", javaHome.toString());

        Command.Result result = Command.of(link.toString()).withEnvironment(env).run();

        assertThat(result.output()).contains("arg=" + Repository.root().resolve("deploy/lib/heimdall.jar"));
    }

    @Test
    void saysWhatIsMissingWithoutAJavaRuntime() throws Exception {
        Command.Result result = Command.of(Repository.root().resolve("deploy/bin/heimdall").toString())
                .withEnvironment(Map.of("JAVA_HOME", "", "PATH", "/nonexistent")).run();

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("set JAVA_HOME or put java (17 or newer) on PATH");
    }
}
