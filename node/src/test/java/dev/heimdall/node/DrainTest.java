package dev.heimdall.node;

import dev.heimdall.loadtest.mock.FaultRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.heimdall.node.AdminClient.OPERATOR;
import static dev.heimdall.node.AdminClient.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A drained node leaves the balancer's rotation but finishes what it serves; a stopping node drains first and waits
 * for its streams, up to the drain deadline.
 */
class DrainTest {

    /** HTTP/1.1, as balancers and SDK clients speak to the gateway, so each connection closes after its response. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private GatewayHarness harness;

    @AfterEach
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void start(String yaml) throws Exception {
        harness = GatewayHarness.start(yaml + AdminClient.ADMIN_SECTION, GatewayHarness.mockDefaults());
    }

    private CompletableFuture<HttpResponse<String>> stream(String words) {
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/v1/chat/completions"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"openai/gpt-4o-mini\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"" + words + "\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(harness.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void awaitInFlight(long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (harness.node.drain().requests().inFlight() != count) {
            assertThat(System.nanoTime()).as("requests in flight reach " + count).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void aDrainedNodeAnswers503WhenAskedIfReadyYetFinishesItsStreamAndClosesEachConnection() throws Exception {
        start(GatewayHarness.DEFAULT_CONFIG);
        AdminClient admin = new AdminClient(harness.node.adminPort());
        harness.mock.settings().interTokenMs(150);
        CompletableFuture<HttpResponse<String>> streaming = stream("one two three four five six seven eight");
        awaitInFlight(1);

        assertThat(admin.post(OPERATOR, "/admin/v1/cluster/members/self/drain", null).statusCode()).isEqualTo(202);

        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("draining");
        assertThat(ready.headers().firstValue("connection")).contains("close");
        HttpResponse<String> live = get("/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.headers().firstValue("connection")).contains("close");
        assertThat(get("/metrics").body()).contains("heimdall_node_draining 1.0");
        HttpResponse<String> streamed = streaming.get(20, TimeUnit.SECONDS);
        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(streamed.body()).contains("eight").endsWith("data: [DONE]\n\n");
        assertThat(admin.get(VIEWER, "/admin/v1/cluster/members/self").body()).contains("\"state\":\"draining\"");

        assertThat(admin.post(OPERATOR, "/admin/v1/cluster/members/self/undrain", null).statusCode()).isEqualTo(202);

        assertThat(get("/health/ready").statusCode()).isEqualTo(200);
        assertThat(get("/health/ready").headers().firstValue("connection")).isEmpty();
    }

    @Test
    void stoppingWaitsForTheStreamsInFlightAndThenLeavesTheCluster() throws Exception {
        start(GatewayHarness.DEFAULT_CONFIG);
        harness.mock.settings().interTokenMs(150);
        CompletableFuture<HttpResponse<String>> streaming = stream("one two three four five six seven eight");
        awaitInFlight(1);

        CompletableFuture<Void> stopped = harness.node.close().toCompletionStage().toCompletableFuture();

        assertThat(get("/health/ready").statusCode()).isEqualTo(503);
        HttpResponse<String> streamed = streaming.get(20, TimeUnit.SECONDS);
        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(streamed.body()).endsWith("data: [DONE]\n\n");
        stopped.get(20, TimeUnit.SECONDS);
        assertThat(harness.node.clusterMember().hazelcast().getLifecycleService().isRunning()).isFalse();
    }

    @Test
    void aStreamStillRunningAtTheDrainDeadlineIsCut() throws Exception {
        start(GatewayHarness.DEFAULT_CONFIG.replace("event-loops: 1,", "event-loops: 1, drain-timeout: 1s,"));
        harness.mock.faults().add(FaultRule.hang());
        CompletableFuture<HttpResponse<String>> hanging = stream("never answered");
        awaitInFlight(1);
        long begin = System.nanoTime();

        harness.node.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);

        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(10));
        assertThat(hanging).failsWithin(Duration.ofSeconds(10));
    }
}
