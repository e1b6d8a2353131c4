package dev.heimdall.loadtest.bench.sut;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * nginx as a plain reverse proxy: one worker (the system gets one core), keep-alive connections to the mock, no
 * access log, response buffering off so that streams pass through as they arrive. It runs in the foreground with
 * its pid file, error log and temp paths under the suite's work directory.
 */
public final class Nginx {
    private Nginx() {
    }

    public static SystemUnderTest start(SutEnvironment env, int port) {
        Path dir = env.systemDir("nginx");
        Path conf = env.writeConfig("nginx", "nginx.conf", config(dir, port, env.mockPort()));
        PinnedProcess p = PinnedProcess.start("nginx", List.of(env.nginx(), "-p", dir.toString(), "-e",
                dir.resolve("error.log").toString(), "-c", conf.toString()), env.cpus(), dir.resolve("stdout.log"),
                Map.of());
        p.awaitReady(URI.create("http://127.0.0.1:" + port + "/_mock/health"), Duration.ofSeconds(20));
        Endpoint endpoint = new Endpoint(URI.create("http://127.0.0.1:" + port + "/openai/v1/chat/completions"),
                "gpt-4o-mini", Map.of());
        return new RunningSystem("nginx", p, endpoint, null, null, Versions.of(env.nginx(), "-v")
                + ", 1 worker, keep-alive upstream (keepalive 512), proxy_buffering off, access_log off");
    }

    /** The whole config: everything it writes stays in {@code dir}. */
    static String config(Path dir, int port, int mockPort) {
        return """
                daemon off;
                master_process on;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events {
                    worker_connections 16384;
                }
                http {
                    access_log off;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    keepalive_requests 1000000;
                    upstream mock {
                        server 127.0.0.1:%3$d;
                        keepalive 512;
                        keepalive_requests 1000000;
                    }
                    server {
                        listen 127.0.0.1:%2$d backlog=4096;
                        location / {
                            proxy_pass http://mock;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_buffering off;
                        }
                    }
                }
                """.formatted(dir, port, mockPort);
    }
}
