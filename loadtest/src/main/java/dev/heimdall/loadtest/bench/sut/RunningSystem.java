package dev.heimdall.loadtest.bench.sut;

import dev.heimdall.loadtest.bench.proc.ProcessTree;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** A system that is a process of its own, started by one of the launchers in this package. */
final class RunningSystem implements SystemUnderTest {
    private final String name;
    private final PinnedProcess process;
    private final Endpoint endpoint;
    private final Path gcLog;
    private final URI metrics;
    private final String description;

    RunningSystem(String name, PinnedProcess process, Endpoint endpoint, Path gcLog, URI metrics,
                  String description) {
        this.name = name;
        this.process = process;
        this.endpoint = endpoint;
        this.gcLog = gcLog;
        this.metrics = metrics;
        this.description = description;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public Optional<ProcessTree> process() {
        return Optional.of(ProcessTree.of(process.pid()));
    }

    @Override
    public Optional<Path> gcLog() {
        return Optional.ofNullable(gcLog);
    }

    @Override
    public Optional<URI> metrics() {
        return Optional.ofNullable(metrics);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        process.close();
    }
}
