package dev.heimdall.node.pipeline;

import dev.heimdall.governance.audit.AuditFinding;
import dev.heimdall.governance.audit.BodyPolicy;
import dev.heimdall.governance.audit.RequestAudit;
import dev.heimdall.governance.guardrails.Action;
import dev.heimdall.governance.guardrails.Category;
import dev.heimdall.governance.guardrails.Finding;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.canonical.Usage;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RequestAuditsTest {

    private static final Instant NOW = Instant.parse("2026-11-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void aRequestThatFellBackRecordsEveryAttemptItsUsageAndItsGuardrailFindings() {
        long start = 1_000_000_000L;
        RequestScope scope = new RequestScope("req-1", "openai", start);
        scope.requestedModel("smart");
        scope.rule("cheap");
        scope.attempt("down", "gpt-4o", "k");
        scope.addAttempt(new AttemptRecord("down", "k", "gpt-4o", 0, 12_400, "ConnectFailure"));
        scope.attempt("openai", "gpt-4o-mini", "main");
        scope.addAttempt(new AttemptRecord("openai", "main", "gpt-4o-mini", 200, 30_900, "ok"));
        scope.firstToken(start + 20_000_000L);
        scope.addGuardrailFindings(List.of(new Finding("aws-access-token", Category.SECRETS, Action.REDACT, 0, 5, 20),
                new Finding("email", Category.PII, Action.FLAG, 0, 40, 15)));

        RequestAudit record = RequestAudits.of(scope, 200, new Usage(100, 20, 5, 0, 0), 1_234,
                start + 50_000_000L, new AuditTrail(record1 -> { }, "n1", BodyPolicy.NONE, 0, CLOCK));

        assertThat(record.timeMillis()).isEqualTo(NOW.toEpochMilli() - 50);
        assertThat(record.latencyMillis()).isEqualTo(50);
        assertThat(record.firstTokenMillis()).isEqualTo(20);
        assertThat(record.requestId()).isEqualTo("req-1");
        assertThat(record.requestedModel()).isEqualTo("smart");
        assertThat(record.rule()).isEqualTo("cheap");
        assertThat(record.provider()).isEqualTo("openai");
        assertThat(record.model()).isEqualTo("gpt-4o-mini");
        assertThat(record.attempts()).extracting(a -> a.provider() + "/" + a.latencyMillis() + "/" + a.error())
                .containsExactly("down/12/ConnectFailure", "openai/30/null");
        assertThat(record.inputTokens()).isEqualTo(100);
        assertThat(record.outputTokens()).isEqualTo(20);
        assertThat(record.costMicros()).isEqualTo(1_234);
        assertThat(record.findings()).containsExactly(new AuditFinding("aws-access-token", Category.SECRETS, Action.REDACT),
                new AuditFinding("email", Category.PII, Action.FLAG));
        assertThat(record.keyId()).isNull();
        assertThat(record.bodies().isEmpty()).isTrue();
    }

    @Test
    void aRequestThatReachedNoProviderHasNoneAndAnUnknownCost() {
        RequestScope scope = new RequestScope("req-2", "anthropic", 0);

        RequestAudit record = RequestAudits.of(scope, 401, null, -1, 0,
                new AuditTrail(r -> { }, "n1", BodyPolicy.NONE, 0, CLOCK));

        assertThat(record.provider()).isNull();
        assertThat(record.model()).isNull();
        assertThat(record.costMicros()).isEqualTo(-1);
        assertThat(record.firstTokenMillis()).isEqualTo(-1);
        assertThat(record.attempts()).isEmpty();
    }

    @Test
    void keptBodiesAreCutToTheLimit() {
        RequestScope scope = new RequestScope("req-3", "openai", 0);
        scope.requestBody(Buffer.buffer("{\"messages\":\"0123456789\"}"));
        ResponseText response = new ResponseText(8);
        response.add(new StreamEvent.TextDelta(0, "Hello "));
        response.add(new StreamEvent.TextDelta(0, "world"));
        scope.captureResponse(response);

        RequestAudit record = RequestAudits.of(scope, 200, null, -1, 0,
                new AuditTrail(r -> { }, "n1", BodyPolicy.FULL, 12, CLOCK));

        assertThat(record.bodies().request()).isEqualTo("{\"messages\":");
        assertThat(record.bodies().response()).isEqualTo("Hello wo");
        assertThat(record.bodies().truncated()).isTrue();
    }

    @Test
    void theAnswerKeepsTextAndToolCallsFromAStream() {
        ResponseText text = new ResponseText(1_000);
        text.add(new StreamEvent.Start("id", "m"));
        text.add(new StreamEvent.TextDelta(0, "Let me look."));
        text.add(new StreamEvent.ToolCallStart(0, 0, "call-1", "search"));
        text.add(new StreamEvent.ToolCallDelta(0, 0, "{\"q\":"));
        text.add(new StreamEvent.ToolCallDelta(0, 0, "\"heimdall\"}"));

        assertThat(text.text()).isEqualTo("Let me look.\n[tool-call search] {\"q\":\"heimdall\"}");
        assertThat(text.truncated()).isFalse();
    }
}
