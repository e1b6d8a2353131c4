package dev.heimdall.loadtest.mock;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Start-up configuration of the {@link MockProvider}: an immutable value with "wither" methods, so that
 * {@code MockConfig.defaults().port(0).latencyMs(5)} reads like a builder.
 *
 * @param port                    TCP port, {@code 0} for an ephemeral one (default 9090)
 * @param host                    bind address (default 127.0.0.1)
 * @param latencyMs               initial delay before every non-streaming provider response (default 0)
 * @param ttftMs                  initial delay before the first content event of a stream (default 0)
 * @param interTokenMs            initial delay between two content events of a stream (default 0)
 * @param streamChunkWords        how many words each streamed content event carries (default 1)
 * @param recordRequests          whether provider requests are recorded (default true)
 * @param recordLimit             how many of the latest requests are kept (default 10,000)
 * @param validKeys               accepted API keys; empty means any non-empty key not starting with {@code invalid}
 * @param maxContextTokens        context limit per model name, overriding {@code defaultMaxContextTokens}
 * @param defaultMaxContextTokens context limit of every other model (default 128,000)
 * @param faults                  fault rules active from the start
 * @param moderationFlagWord      the moderation endpoint ({@code /openai/v1/moderations}) flags an input that
 *                                contains this word, case-insensitively (default {@code mock-flagged})
 */
public record MockConfig(int port, String host, long latencyMs, long ttftMs, long interTokenMs, int streamChunkWords,
                         boolean recordRequests, int recordLimit, Set<String> validKeys,
                         Map<String, Integer> maxContextTokens, int defaultMaxContextTokens, List<FaultRule> faults,
                         String moderationFlagWord) {

    public MockConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        if (latencyMs < 0 || ttftMs < 0 || interTokenMs < 0) {
            throw new IllegalArgumentException("latencyMs, ttftMs and interTokenMs must be >= 0");
        }
        if (streamChunkWords < 1) {
            throw new IllegalArgumentException("streamChunkWords must be >= 1, got " + streamChunkWords);
        }
        if (recordLimit < 1) {
            throw new IllegalArgumentException("recordLimit must be >= 1, got " + recordLimit);
        }
        if (defaultMaxContextTokens < 1) {
            throw new IllegalArgumentException("defaultMaxContextTokens must be >= 1");
        }
        validKeys = Set.copyOf(validKeys);
        maxContextTokens = Map.copyOf(maxContextTokens);
        faults = List.copyOf(faults);
        if (moderationFlagWord == null || moderationFlagWord.isBlank()) {
            throw new IllegalArgumentException("moderationFlagWord must not be blank");
        }
    }

    public static MockConfig defaults() {
        return new MockConfig(9090, "127.0.0.1", 0, 0, 0, 1, true, 10_000, Set.of(), Map.of(), 128_000, List.of(),
                "mock-flagged");
    }

    public MockConfig port(int port) {
        return new MockConfig(port, host, latencyMs, ttftMs, interTokenMs, streamChunkWords, recordRequests,
                recordLimit, validKeys, maxContextTokens, defaultMaxContextTokens, faults, moderationFlagWord);
    }

    public MockConfig host(String host) {
        return new MockConfig(port, host, latencyMs, ttftMs, interTokenMs, streamChunkWords, recordRequests,
                recordLimit, validKeys, maxContextTokens, defaultMaxContextTokens, faults, moderationFlagWord);
    }

    public MockConfig latencyMs(long latencyMs) {
        return new MockConfig(port, host, latencyMs, ttftMs, interTokenMs, streamChunkWords, recordRequests,
                recordLimit, validKeys, maxContextTokens, defaultMaxContextTokens, faults, moderationFlagWord);
    }

    public MockConfig ttftMs(long ttftMs) {
        return new MockConfig(port, host, latencyMs, ttftMs, interTokenMs, streamChunkWords, recordRequests,
                recordLimit, validKeys, maxContextTokens, defaultMaxContextTokens, faults, moderationFlagWord);
    }

    public MockConfig interTokenMs(long interTokenMs) {
        return new MockConfig(port, host, latencyMs, ttftMs, interTokenMs, streamChunkWords, recordRequests,
                recordLimit, validKeys, maxContextTokens, defaultMaxContextTokens, faults, moderationFlagWord);
    }

    public MockConfig streamChunkWords(int streamChunkWords) {
        return new MockConfig(port, host, latencyMs, ttftMs, interTokenMs, streamChunkWords, recordRequests,
                recordLimit, validKeys, maxContextTokens, defaultMaxContextTokens, faults, moderationFlagWord);
    }

    public MockConfig recordRequests(boolean recordRequests) {
        return new MockConfig(port, host, latencyMs, ttftMs, interTokenMs, streamChunkWords, recordRequests,
                recordLimit, validKeys, maxContextTokens, defaultMaxContextTokens, faults, moderationFlagWord);
    }

    public MockConfig recordLimit(int recordLimit) {
        return new MockConfig(port, host, latencyMs, ttftMs, interTokenMs, streamChunkWords, recordRequests,
                recordLimit, validKeys, maxContextTokens, defaultMaxContextTokens, faults, moderationFlagWord);
    }

    public MockConfig validKeys(Set<String> validKeys) {
        return new MockConfig(port, host, latencyMs, ttftMs, interTokenMs, streamChunkWords, recordRequests,
                recordLimit, validKeys, maxContextTokens, defaultMaxContextTokens, faults, moderationFlagWord);
    }

    public MockConfig maxContextTokens(Map<String, Integer> maxContextTokens) {
        return new MockConfig(port, host, latencyMs, ttftMs, interTokenMs, streamChunkWords, recordRequests,
                recordLimit, validKeys, maxContextTokens, defaultMaxContextTokens, faults, moderationFlagWord);
    }

    public MockConfig defaultMaxContextTokens(int defaultMaxContextTokens) {
        return new MockConfig(port, host, latencyMs, ttftMs, interTokenMs, streamChunkWords, recordRequests,
                recordLimit, validKeys, maxContextTokens, defaultMaxContextTokens, faults, moderationFlagWord);
    }

    public MockConfig faults(List<FaultRule> faults) {
        return new MockConfig(port, host, latencyMs, ttftMs, interTokenMs, streamChunkWords, recordRequests,
                recordLimit, validKeys, maxContextTokens, defaultMaxContextTokens, faults, moderationFlagWord);
    }

    public MockConfig moderationFlagWord(String moderationFlagWord) {
        return new MockConfig(port, host, latencyMs, ttftMs, interTokenMs, streamChunkWords, recordRequests,
                recordLimit, validKeys, maxContextTokens, defaultMaxContextTokens, faults, moderationFlagWord);
    }

    /** The context limit, in estimated tokens, of {@code model}. */
    public int contextLimit(String model) {
        return maxContextTokens.getOrDefault(model, defaultMaxContextTokens);
    }

    /** Whether {@code key} is accepted: see {@link #validKeys()}. */
    public boolean accepts(String key) {
        if (key == null || key.isEmpty()) {
            return false;
        }
        return validKeys.isEmpty() ? !key.startsWith("invalid") : validKeys.contains(key);
    }
}
