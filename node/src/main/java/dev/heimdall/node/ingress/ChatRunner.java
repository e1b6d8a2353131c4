package dev.heimdall.node.ingress;

import dev.heimdall.governance.routing.FallbackPlan;
import dev.heimdall.node.pipeline.ChatExecution;
import dev.heimdall.node.pipeline.ChatSink;
import dev.heimdall.node.pipeline.PassThrough;
import dev.heimdall.node.pipeline.Gateway;
import dev.heimdall.node.pipeline.RequestRecorder;
import dev.heimdall.node.pipeline.RequestScope;
import dev.heimdall.node.upstream.UpstreamClients;
import dev.heimdall.providers.canonical.ChatRequest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;

import java.util.function.IntSupplier;

/**
 * Runs a parsed chat request for any ingress API: executes its fallback plan into the ingress's {@link ChatSink}
 * (behind the output guardrails when the request's policy scans responses), records the request once when it is
 * over, and cancels the upstream when the client goes away (recorded as 499).
 */
public final class ChatRunner {

    private final Vertx vertx;
    private final Gateway gateway;
    private final UpstreamClients clients;
    private final RequestRecorder recorder;

    public ChatRunner(Vertx vertx, Gateway gateway, UpstreamClients clients, RequestRecorder recorder) {
        this.vertx = vertx;
        this.gateway = gateway;
        this.clients = clients;
        this.recorder = recorder;
    }

    /**
     * @param status the status the sink answered with, read when the request is over
     */
    public void run(RequestScope scope, HttpServerResponse response, FallbackPlan plan, ChatRequest request,
                    ChatSink sink, IntSupplier status) {
        run(scope, response, plan, request, sink, status, null);
    }

    /**
     * @param passThrough relays the client's bytes to upstreams of its own wire format, or null to always translate
     */
    public void run(RequestScope scope, HttpServerResponse response, FallbackPlan plan, ChatRequest request,
                    ChatSink sink, IntSupplier status, PassThrough passThrough) {
        ChatSink guarded = gateway.guardrails().output(scope, sink);
        // a relayed stream's bytes go to the client as they come: only a translated stream can be scanned
        PassThrough relay = guarded != sink && request.stream() ? null : passThrough;
        ChatExecution[] execution = new ChatExecution[1];
        boolean[] done = new boolean[1];
        execution[0] = new ChatExecution(vertx, gateway, clients, scope, plan, request, guarded, () -> {
            done[0] = true;
            guarded.whenDelivered(() -> recorder.record(scope, status.getAsInt(), execution[0].usage()));
        }).passThrough(relay);
        response.closeHandler(v -> {
            // Vert.x also reports the close of a stream that just ended normally, from inside end() and so before
            // onDone ran: only a close before the end is the client going away
            if (!done[0] && !response.ended()) {
                done[0] = true;
                execution[0].cancel();
                recorder.record(scope, 499, execution[0].usage());
            }
        });
        execution[0].start();
    }
}
