package dev.heimdall.dist;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code bin/heimdall drain}, which systemd's ExecStop and the Kubernetes preStop hook run, against a stand-in node
 * whose answer to the drain request each test chooses.
 */
class DrainCommandTest {

    private HttpServer node;
    private final AtomicInteger drainStatus = new AtomicInteger(202);
    private final AtomicBoolean leavesRotation = new AtomicBoolean(true);
    private final AtomicBoolean ready = new AtomicBoolean(true);
    private final AtomicReference<String> authorization = new AtomicReference<>();

    @BeforeEach
    void standInNode() throws Exception {
        assumeTrue(Command.available("curl"), "curl is not installed: bin/heimdall drain is not checked");
        node = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        node.createContext("/admin/v1/cluster/members/self/drain", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            boolean post = exchange.getRequestMethod().equals("POST");
            if (post && drainStatus.get() / 100 == 2 && leavesRotation.get()) {
                ready.set(false);
            }
            exchange.sendResponseHeaders(post ? drainStatus.get() : 405, -1);
            exchange.close();
        });
        node.createContext("/health/ready", exchange -> {
            exchange.sendResponseHeaders(ready.get() ? 200 : 503, -1);
            exchange.close();
        });
        node.start();
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.stop(0);
        }
    }

    private Command.Result drain(String url, String timeout) throws Exception {
        return Command.of(Repository.deploy("bin/heimdall").toString(), "drain").withEnvironment(Map.of(
                "HEIMDALL_URL", url, "HEIMDALL_ADMIN_TOKEN", "ops-token", "HEIMDALL_DRAIN_TIMEOUT", timeout)).run();
    }

    private String url() {
        return "http://127.0.0.1:" + node.getAddress().getPort();
    }

    @Test
    void asksTheNodeToDrainWithTheAdminTokenAndReturnsOnceItIsOutOfRotation() throws Exception {
        Command.Result result = drain(url(), "10");

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(authorization.get()).isEqualTo("Bearer ops-token");
        assertThat(ready.get()).isFalse();
    }

    @Test
    void failsWhenTheNodeStaysInRotationPastTheDeadline() throws Exception {
        leavesRotation.set(false);

        Command.Result result = drain(url(), "1");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("still ready after 1s");
    }

    @Test
    void aNodeWithoutTheDrainEndpointIsLeftToItsSigtermHandling() throws Exception {
        drainStatus.set(404);

        Command.Result result = drain(url(), "10");

        assertThat(result.exit()).isZero();
        assertThat(result.output()).contains("has no drain endpoint");
    }

    @Test
    void aRefusedDrainFails() throws Exception {
        drainStatus.set(403);

        Command.Result result = drain(url(), "10");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("refused to drain (HTTP 403)");
    }

    @Test
    void aNodeThatIsNotRunningHasNothingToDrain() throws Exception {
        String url = url();
        node.stop(0);
        node = null;

        Command.Result result = drain(url, "10");

        assertThat(result.exit()).isZero();
        assertThat(result.output()).contains("does not answer");
    }
}
