package dev.heimdall.loadtest.bench.sut;

import dev.heimdall.loadtest.bench.proc.ProcessTree;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The baseline: the client talks to the mock provider itself. */
public final class DirectAccess implements SystemUnderTest {
    private final Endpoint endpoint;

    public DirectAccess(SutEnvironment env) {
        this.endpoint = new Endpoint(URI.create(env.mockOpenAi() + "/v1/chat/completions"), "gpt-4o-mini", Map.of());
    }

    @Override
    public String name() {
        return "direct";
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public Optional<ProcessTree> process() {
        return Optional.empty();
    }

    @Override
    public Optional<Path> gcLog() {
        return Optional.empty();
    }

    @Override
    public Optional<URI> metrics() {
        return Optional.empty();
    }

    @Override
    public String description() {
        return "the client straight to the mock provider's OpenAI API (the baseline every \"added\" figure subtracts)";
    }

    @Override
    public void close() {
        // nothing of its own runs
    }
}
