package dev.heimdall.loadtest.bench.sut;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Portkey's open-source gateway ({@code @portkey-ai/gateway}, Node) with the mock as an OpenAI-compatible custom
 * host: every request names the provider ({@code x-portkey-provider: openai}) and the base URL
 * ({@code x-portkey-custom-host}), which is how Portkey's docs point it at a self-hosted OpenAI-style server.
 */
public final class Portkey {
    private Portkey() {
    }

    public static SystemUnderTest start(SutEnvironment env, int port) {
        Path pkg = env.portkeyDir().resolve("node_modules/@portkey-ai/gateway");
        Path script = pkg.resolve("build/start-server.js");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("Portkey's gateway is not installed: " + script + " is missing "
                    + "(loadtest/bench.sh installs it with npm)");
        }
        Path dir = env.systemDir("portkey");
        PinnedProcess p = PinnedProcess.start("portkey", List.of("node", script.toString(), "--port=" + port,
                "--headless"), env.cpus(), dir.resolve("stdout.log"), Map.of("NODE_ENV", "production"));
        p.awaitReady(URI.create("http://127.0.0.1:" + port + "/"), Duration.ofSeconds(30));
        Endpoint endpoint = new Endpoint(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"),
                "gpt-4o-mini", Map.of("x-portkey-provider", "openai",
                "x-portkey-custom-host", env.mockOpenAi() + "/v1"));
        return new RunningSystem("portkey", p, endpoint, null, null, "@portkey-ai/gateway "
                + packageVersion(pkg.resolve("package.json")) + " on Node " + Versions.of("node", "--version")
                + ", NODE_ENV=production, --headless, custom host = the mock");
    }

    static String packageVersion(Path packageJson) {
        try {
            Matcher m = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(Files.readString(packageJson));
            return m.find() ? m.group(1) : "?";
        } catch (IOException e) {
            return "?";
        }
    }
}
