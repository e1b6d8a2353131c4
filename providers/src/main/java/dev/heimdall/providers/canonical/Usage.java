package dev.heimdall.providers.canonical;

/**
 * Token counts of one response, in OpenAI's convention: {@code promptTokens} counts every input token, including
 * those read from or written to a prompt cache, so adapters for providers that report cache tokens separately
 * (Anthropic) add them in.
 *
 * @param cachedPromptTokens    input tokens served from the provider's prompt cache (cheaper)
 * @param cacheCreationTokens   input tokens written to the prompt cache (Anthropic prices these higher)
 * @param reasoningTokens       output tokens spent on hidden reasoning, already included in completionTokens
 */
public record Usage(long promptTokens, long completionTokens, long cachedPromptTokens, long cacheCreationTokens,
                    long reasoningTokens) {

    public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

    public static Usage of(long promptTokens, long completionTokens) {
        return new Usage(promptTokens, completionTokens, 0, 0, 0);
    }

    /**
     * For providers that count prompt-cache reads and writes apart from their input tokens (Anthropic, Bedrock):
     * the canonical prompt count includes both.
     */
    public static Usage withSeparateCache(long input, long cacheRead, long cacheWrite, long output) {
        return new Usage(input + cacheRead + cacheWrite, output, cacheRead, cacheWrite, 0);
    }

    public long totalTokens() {
        return promptTokens + completionTokens;
    }
}
