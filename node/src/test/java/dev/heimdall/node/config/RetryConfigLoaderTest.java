package dev.heimdall.node.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The provider's {@code retry} block. */
class RetryConfigLoaderTest {

    private final ConfigLoader loader = new ConfigLoader(Set.of("openai"), Map.of());

    private RetryConfig retryOf(String block) {
        return loader.parse("providers: { openai: { type: openai" + block + " } }", "heimdall.yaml")
                .providers().get("openai").retry();
    }

    private void assertRejected(String block, String message) {
        assertThatThrownBy(() -> retryOf(block)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertThat(retryOf("")).isEqualTo(new RetryConfig(1, Duration.ofMillis(100), Duration.ofSeconds(2)));
        assertThat(retryOf("")).isEqualTo(RetryConfig.DEFAULT);
    }

    @Test
    void readsEveryField() {
        assertThat(retryOf(", retry: { max-retries: 3, initial-backoff: 50ms, max-backoff: 1s }"))
                .isEqualTo(new RetryConfig(3, Duration.ofMillis(50), Duration.ofSeconds(1)));
        assertThat(retryOf(", retry: { max-retries: 0 }"))
                .isEqualTo(new RetryConfig(0, Duration.ofMillis(100), Duration.ofSeconds(2)));
    }

    @Test
    void rejectsBadRetryBlocks() {
        assertRejected(", retry: { retries: 2 }",
                "heimdall.yaml: providers.openai.retry.retries: unknown key; expected one of max-retries, initial-backoff, max-backoff");
        assertRejected(", retry: { max-retries: -1 }",
                "heimdall.yaml: providers.openai.retry.max-retries: expected an integer between 0 and 10, got -1");
        assertRejected(", retry: 3",
                "heimdall.yaml: providers.openai.retry: expected a mapping with keys max-retries, initial-backoff, max-backoff, got 3");
        assertRejected(", retry: { initial-backoff: 500ms, max-backoff: 200ms }",
                "heimdall.yaml: providers.openai.retry.max-backoff: expected a duration no shorter than initial-backoff (500ms), got \"200ms\"");
    }
}
