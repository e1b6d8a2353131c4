package dev.heimdall.providers.canonical;

/** Why the model stopped, in OpenAI's vocabulary (the canonical one). */
public enum FinishReason {
    STOP("stop"), LENGTH("length"), TOOL_CALLS("tool_calls"), CONTENT_FILTER("content_filter");

    private final String wireName;

    FinishReason(String wireName) {
        this.wireName = wireName;
    }

    public String openAiName() {
        return wireName;
    }

    public static FinishReason fromOpenAi(String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "length" -> LENGTH;
            case "tool_calls", "function_call" -> TOOL_CALLS;
            case "content_filter" -> CONTENT_FILTER;
            default -> STOP;
        };
    }
}
