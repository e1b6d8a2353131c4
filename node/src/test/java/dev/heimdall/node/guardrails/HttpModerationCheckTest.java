package dev.heimdall.node.guardrails;

import dev.heimdall.governance.guardrails.ModerationResult;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpModerationCheckTest {

    @Test
    void anyFlaggedResultFlagsTheTextsWithTheCategoriesMarkedTrue() {
        ModerationResult result = HttpModerationCheck.parse(Buffer.buffer("""
                {"results": [{"flagged": false, "categories": {"hate": false}},
                             {"flagged": true, "categories": {"violence": true, "hate": false, "self-harm": true}}]}
                """));
        assertThat(result).isEqualTo(new ModerationResult(true, Set.of("violence", "self-harm")));
        assertThat(HttpModerationCheck.parse(Buffer.buffer("{\"results\": [{\"flagged\": false}]}")))
                .isEqualTo(ModerationResult.PASSED);
    }

    @Test
    void anAnswerWithoutResultsFailsTheCheck() {
        assertThatThrownBy(() -> HttpModerationCheck.parse(Buffer.buffer("{\"error\": {}}")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> HttpModerationCheck.parse(Buffer.buffer("<html>")))
                .isInstanceOf(IllegalStateException.class);
    }
}
