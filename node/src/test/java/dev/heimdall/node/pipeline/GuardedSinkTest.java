package dev.heimdall.node.pipeline;

import dev.heimdall.governance.guardrails.Action;
import dev.heimdall.governance.guardrails.Finding;
import dev.heimdall.governance.guardrails.GuardrailEngine;
import dev.heimdall.governance.guardrails.GuardrailPolicy;
import dev.heimdall.governance.guardrails.secrets.SecretRuleSet;
import dev.heimdall.providers.canonical.ChatResponse;
import dev.heimdall.providers.canonical.FinishReason;
import dev.heimdall.providers.canonical.Message;
import dev.heimdall.providers.canonical.Role;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.canonical.Usage;
import dev.heimdall.providers.spi.ProviderError;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GuardedSinkTest {

    private final List<Object> delivered = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();

    private final ChatSink client = new ChatSink() {
        @Override
        public void complete(ChatResponse response) {
            delivered.add(response);
        }

        @Override
        public void event(StreamEvent event) {
            delivered.add(event);
        }

        @Override
        public void end() {
            delivered.add("end");
        }

        @Override
        public void fail(ProviderError error) {
            delivered.add(error);
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public void onDrain(Runnable onDrain) {
        }
    };

    private GuardedSink sink(GuardrailPolicy policy) {
        return new GuardedSink(client, new GuardrailEngine(policy, SecretRuleSet.builtIn()), findings::addAll, null);
    }

    @Test
    void heldTextGoesOutRedactedBeforeItsChoiceFinishes() {
        GuardedSink sink = sink(GuardrailPolicy.builder().pii(Action.REDACT).streamWindow(16).build());
        sink.event(new StreamEvent.Start("id", "m"));
        for (String piece : List.of("write", " to", " jane.", "doe@exam", "ple.com", " today", " and tomorrow", " too")) {
            sink.event(new StreamEvent.TextDelta(0, piece));
        }
        sink.event(new StreamEvent.Finish(0, FinishReason.STOP));
        sink.event(new StreamEvent.UsageReport(Usage.ZERO));
        sink.end();

        assertThat(delivered.get(0)).isInstanceOf(StreamEvent.Start.class);
        StringBuilder text = new StringBuilder();
        int finish = -1;
        for (int i = 0; i < delivered.size(); i++) {
            if (delivered.get(i) instanceof StreamEvent.TextDelta delta) {
                assertThat(finish).isEqualTo(-1);
                text.append(delta.text());
            } else if (delivered.get(i) instanceof StreamEvent.Finish) {
                finish = i;
            }
        }
        assertThat(text).hasToString("write to [REDACTED:email] today and tomorrow too");
        assertThat(delivered.subList(finish, delivered.size())).hasSize(3).last().isEqualTo("end");
        assertThat(findings).extracting(Finding::ruleId).containsExactly("email");
    }

    @Test
    void aBlockingFindingEndsTheStreamWithAnErrorAndDropsTheRest() {
        GuardedSink sink = sink(GuardrailPolicy.builder().pii(Action.BLOCK).build());
        sink.event(new StreamEvent.TextDelta(0, "mail jane.doe@example.com"));
        sink.event(new StreamEvent.Finish(0, FinishReason.STOP));
        sink.event(new StreamEvent.TextDelta(0, "more"));
        sink.end();

        StreamEvent.Failure failure = (StreamEvent.Failure) delivered.get(delivered.size() - 1);
        assertThat(failure.error().message()).contains("email").doesNotContain("jane.doe");
        assertThat(delivered).noneMatch(event -> event instanceof StreamEvent.TextDelta delta
                && delta.text().contains("jane.doe"));
        assertThat(delivered).doesNotContain("end");
    }

    @Test
    void aWholeResponseWithABlockingFindingIsReplacedByAnError() {
        GuardedSink sink = sink(GuardrailPolicy.builder().pii(Action.BLOCK).build());
        sink.complete(new ChatResponse("id", "m", 0, List.of(new ChatResponse.Choice(0,
                Message.text(Role.ASSISTANT, "mail jane.doe@example.com"), FinishReason.STOP)), null));
        assertThat(delivered).singleElement().isInstanceOf(ProviderError.BadRequest.class);
        assertThat(((ProviderError) delivered.get(0)).clientStatus()).isEqualTo(400);
    }
}
