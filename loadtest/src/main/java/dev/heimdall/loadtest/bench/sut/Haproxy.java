package dev.heimdall.loadtest.bench.sut;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * HAProxy as a plain HTTP reverse proxy (one thread, connection reuse to the mock), in the foreground ({@code -db}).
 * Not one of the systems; a second floor beside nginx, selectable with {@code --systems}.
 */
public final class Haproxy {
    private Haproxy() {
    }

    public static SystemUnderTest start(SutEnvironment env, int port) {
        Path conf = env.writeConfig("haproxy", "haproxy.cfg", config(port, env.mockPort()));
        PinnedProcess p = PinnedProcess.start("haproxy", List.of(env.haproxy(), "-db", "-f", conf.toString()),
                env.cpus(), conf.resolveSibling("stdout.log"), Map.of());
        p.awaitReady(URI.create("http://127.0.0.1:" + port + "/_mock/health"), Duration.ofSeconds(20));
        Endpoint endpoint = new Endpoint(URI.create("http://127.0.0.1:" + port + "/openai/v1/chat/completions"),
                "gpt-4o-mini", Map.of());
        return new RunningSystem("haproxy", p, endpoint, null, null, Versions.of(env.haproxy(), "-v")
                + ", HTTP mode, 1 thread, http-reuse always, http-no-delay");
    }

    static String config(int port, int mockPort) {
        return """
                global
                    nbthread 1
                    maxconn 8000
                defaults
                    mode http
                    timeout connect 5s
                    timeout client 120s
                    timeout server 120s
                    option http-keep-alive
                    option http-no-delay
                frontend bench
                    bind 127.0.0.1:%d
                    default_backend mock
                backend mock
                    http-reuse always
                    server mock 127.0.0.1:%d maxconn 2000
                """.formatted(port, mockPort);
    }
}
