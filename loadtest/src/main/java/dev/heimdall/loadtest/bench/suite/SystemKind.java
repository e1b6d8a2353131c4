package dev.heimdall.loadtest.bench.suite;

import dev.heimdall.loadtest.bench.sut.DirectAccess;
import dev.heimdall.loadtest.bench.sut.Haproxy;
import dev.heimdall.loadtest.bench.sut.Heimdall;
import dev.heimdall.loadtest.bench.sut.Nginx;
import dev.heimdall.loadtest.bench.sut.Portkey;
import dev.heimdall.loadtest.bench.sut.SutEnvironment;
import dev.heimdall.loadtest.bench.sut.SystemUnderTest;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The systems the suite knows how to start; each gets its own port above the suite's base port. */
public enum SystemKind {
    DIRECT("direct"),
    NGINX("nginx"),
    HAPROXY("haproxy"),
    PORTKEY("portkey"),
    HEIMDALL("heimdall"),
    HEIMDALL_GOVERNED("heimdall-governed");

    private final String key;

    SystemKind(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static SystemKind of(String key) {
        for (SystemKind k : values()) {
            if (k.key.equals(key.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown system '" + key + "', expected one of "
                + Arrays.stream(values()).map(SystemKind::key).collect(Collectors.joining(", ")));
    }

    public boolean jvm() {
        return this == HEIMDALL || this == HEIMDALL_GOVERNED;
    }

    /** Starts this system on {@code basePort + 1 + ordinal} and waits until it serves. */
    public SystemUnderTest start(SutEnvironment env, int basePort) {
        int port = basePort + 1 + ordinal();
        return switch (this) {
            case DIRECT -> new DirectAccess(env);
            case NGINX -> Nginx.start(env, port);
            case HAPROXY -> Haproxy.start(env, port);
            case PORTKEY -> Portkey.start(env, port);
            case HEIMDALL -> Heimdall.start(env, port, key, env.heimdallPlain());
            case HEIMDALL_GOVERNED -> Heimdall.start(env, port, key, env.heimdallGoverned());
        };
    }
}
