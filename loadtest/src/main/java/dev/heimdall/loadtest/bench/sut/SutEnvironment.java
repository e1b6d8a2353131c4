package dev.heimdall.loadtest.bench.sut;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What starting the systems needs: where the tools are, where to write, and which CPUs the systems may use.
 *
 * @param workDir           configs, pid files and logs of this suite run
 * @param cpus              {@code taskset -c} list for every system under test; blank: not pinned
 * @param mock              the mock provider's base URL
 * @param nginx             the nginx binary
 * @param haproxy           the haproxy binary
 * @param portkeyDir        the npm prefix {@code @portkey-ai/gateway} was installed into
 * @param heimdallJar       the node's runnable jar
 * @param heimdallJvm       JVM options for Heimdall
 * @param heimdallPlain     Heimdall's config with governance off
 * @param heimdallGoverned  Heimdall's config with governance on
 * @param clientKey         the key clients send (Heimdall's configs may declare it as a virtual key)
 */
public record SutEnvironment(Path workDir, String cpus, URI mock, String nginx, String haproxy, Path portkeyDir,
                             Path heimdallJar, List<String> heimdallJvm, Path heimdallPlain, Path heimdallGoverned,
                             String clientKey) {

    /** The mock's OpenAI API base, e.g. {@code http://127.0.0.1:19090/openai}. */
    public String mockOpenAi() {
        return mock + "/openai";
    }

    public int mockPort() {
        return mock.getPort();
    }

    /** The system's own directory under the work directory (configs, pid file, logs), created if needed. */
    public Path systemDir(String system) {
        try {
            return Files.createDirectories(workDir.resolve(system));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code content} as {@code file} into the system's directory and returns its path. */
    public Path writeConfig(String system, String file, String content) {
        try {
            return Files.writeString(systemDir(system).resolve(file), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
