package dev.heimdall.node.ingress;

import dev.heimdall.node.pipeline.GuardrailGate;
import dev.heimdall.node.pipeline.Rejection;
import dev.heimdall.node.pipeline.RequestRecorder;
import dev.heimdall.node.pipeline.RequestScope;
import io.vertx.core.http.HttpServerResponse;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The guardrail step every ingress API takes between parsing a request and routing it. A blocked request is answered
 * in the ingress's own error shape, naming the rules and never the text they matched, and recorded; nothing reaches a
 * provider. A client that went away while its request was screened off the event loop is recorded as 499.
 */
public final class GuardedInput {

    private GuardedInput() {
    }

    /**
     * What to do with the input stage's decision, for {@link GuardrailGate#screen}.
     *
     * @param render writes a refusal in the ingress API's error shape
     * @param next   routes and runs the request that passed, redacted where the policy says so
     */
    public static <T> Consumer<GuardrailGate.Screening<T>> then(RequestRecorder recorder, RequestScope scope,
                                                               HttpServerResponse response,
                                                               BiConsumer<HttpServerResponse, Rejection> render,
                                                               Consumer<GuardrailGate.Screening.Passed<T>> next) {
        return screening -> {
            if (response.closed()) {
                recorder.record(scope, 499, null);
            } else if (screening instanceof GuardrailGate.Screening.Passed<T> passed) {
                next.accept(passed);
            } else {
                GovernedRoute.refuse(recorder, scope, response,
                        ((GuardrailGate.Screening.Blocked<T>) screening).rejection(), render);
            }
        };
    }
}
