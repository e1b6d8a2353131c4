package dev.heimdall.node.pipeline;

import dev.heimdall.governance.guardrails.Action;
import dev.heimdall.governance.guardrails.Emission;
import dev.heimdall.governance.guardrails.Finding;
import dev.heimdall.governance.guardrails.GuardrailEngine;
import dev.heimdall.governance.guardrails.StreamScanner;
import dev.heimdall.governance.guardrails.Verdict;
import dev.heimdall.node.guardrails.MessageText;
import dev.heimdall.providers.canonical.ChatResponse;
import dev.heimdall.providers.canonical.Message;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.spi.ProviderError;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The output guardrail stage in front of an ingress's sink. A whole response is scanned before it is written: a
 * blocking finding replaces it with an error, a redaction sends a redacted copy (translated, never the upstream's raw
 * bytes). A stream's text passes through a {@link StreamScanner} per choice, which holds back a window of text so
 * that a secret split across chunks is still seen whole; the held text goes out when its choice finishes. A blocking
 * finding ends the stream with an error event, and the rest of the upstream's stream is dropped. Tool call arguments
 * of a stream pass unscanned. Raw relayed streams cannot be scanned: the caller must not relay a stream into this
 * sink.
 */
final class GuardedSink implements ChatSink {

    private final ChatSink sink;
    private final GuardrailEngine engine;
    private final Consumer<List<Finding>> findings;
    private final Vertx vertx;
    private final Map<Integer, StreamScanner> scanners = new HashMap<>(2);
    private boolean stopped;
    private boolean scanning;
    private Runnable afterDelivery;

    GuardedSink(ChatSink sink, GuardrailEngine engine, Consumer<List<Finding>> findings, Vertx vertx) {
        this.sink = sink;
        this.engine = engine;
        this.findings = findings;
        this.vertx = vertx;
    }

    @Override
    public void complete(ChatResponse response) {
        deliver(response, null);
    }

    @Override
    public void completeRaw(Buffer body, ChatResponse decoded) {
        deliver(decoded, body);
    }

    private void deliver(ChatResponse response, Buffer raw) {
        List<Message> messages = new ArrayList<>(response.choices().size());
        response.choices().forEach(choice -> messages.add(choice.message()));
        List<String> segments = MessageText.segments(messages);
        if (MessageText.length(segments) <= GuardrailGate.INLINE_LIMIT) {
            delivered(response, raw, messages, engine.scan(segments));
            return;
        }
        scanning = true;
        vertx.getOrCreateContext().<Verdict>executeBlocking(() -> engine.scan(segments), false).onComplete(scan -> {
            scanning = false;
            if (scan.succeeded()) {
                delivered(response, raw, messages, scan.result());
            } else {
                sink.fail(new ProviderError.ServerError("The response could not be scanned by guardrails.", 500));
            }
            if (afterDelivery != null) {
                afterDelivery.run();
            }
        });
    }

    private void delivered(ChatResponse response, Buffer raw, List<Message> messages, Verdict verdict) {
        findings.accept(verdict.findings());
        if (verdict.blocked()) {
            sink.fail(GuardrailGate.blockedResponse(verdict.blockingRules()));
        } else if (verdict.redacted()) {
            List<Message> redacted = MessageText.replace(messages, verdict.segments());
            List<ChatResponse.Choice> choices = new ArrayList<>(redacted.size());
            for (int i = 0; i < redacted.size(); i++) {
                ChatResponse.Choice choice = response.choices().get(i);
                choices.add(new ChatResponse.Choice(choice.index(), redacted.get(i), choice.finishReason()));
            }
            sink.complete(new ChatResponse(response.id(), response.model(), response.created(), choices,
                    response.usage()));
        } else if (raw != null) {
            sink.completeRaw(raw, response);
        } else {
            sink.complete(response);
        }
    }

    @Override
    public void event(StreamEvent event) {
        if (stopped) {
            return;
        }
        if (event instanceof StreamEvent.TextDelta delta) {
            release(delta.choice(), scanners.computeIfAbsent(delta.choice(), c -> engine.streamScanner())
                    .push(delta.text()));
            return;
        }
        if (event instanceof StreamEvent.Finish finish) {
            flush(finish.choice());
        } else if (event instanceof StreamEvent.Failure || event instanceof StreamEvent.UsageReport) {
            flushAll();
        }
        if (!stopped) {
            sink.event(event);
        }
    }

    @Override
    public void end() {
        flushAll();
        if (!stopped) {
            sink.end();
        }
    }

    @Override
    public void fail(ProviderError error) {
        sink.fail(error);
    }

    @Override
    public void whenDelivered(Runnable action) {
        if (scanning) {
            afterDelivery = action;
        } else {
            action.run();
        }
    }

    @Override
    public boolean writeQueueFull() {
        return sink.writeQueueFull();
    }

    @Override
    public void onDrain(Runnable onDrain) {
        sink.onDrain(onDrain);
    }

    private void flush(int choice) {
        StreamScanner scanner = scanners.remove(choice);
        if (scanner != null && !stopped) {
            release(choice, scanner.finish());
        }
    }

    private void flushAll() {
        for (Integer choice : List.copyOf(scanners.keySet())) {
            flush(choice);
        }
    }

    private void release(int choice, Emission emission) {
        findings.accept(emission.findings());
        if (!emission.text().isEmpty()) {
            sink.event(new StreamEvent.TextDelta(choice, emission.text()));
        }
        if (emission.blocked()) {
            stopped = true;
            List<String> rules = emission.findings().stream()
                    .filter(f -> f.action() == Action.BLOCK)
                    .map(Finding::ruleId).distinct().toList();
            sink.event(new StreamEvent.Failure(GuardrailGate.blockedResponse(rules)));
        }
    }
}
