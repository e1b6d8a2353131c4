package dev.heimdall.loadtest.bench.sut;

import dev.heimdall.loadtest.bench.proc.ProcessTree;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** A running system the suite measures: its endpoint and, when it is a process of its own, that process. */
public interface SystemUnderTest extends AutoCloseable {

    /** The name in the report, e.g. {@code nginx}. */
    String name();

    Endpoint endpoint();

    /** The process tree whose CPU time and memory are the system's cost; empty for direct access to the mock. */
    Optional<ProcessTree> process();

    /** The JVM's GC log, for systems that run on a JVM. */
    Optional<Path> gcLog();

    /** The gateway's own Prometheus endpoint, for systems that have one. */
    Optional<URI> metrics();

    /** Version and set-up, one line for the report. */
    String description();

    @Override
    void close();
}
