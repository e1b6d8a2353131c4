package dev.heimdall.providers.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bodies the benchmark suite's load carries, in the shapes the mock provider answers with: the ~500-byte chat
 * request of the overhead scenario, a ~47-token completion, and the same completion streamed one token per chunk.
 * The benchmarks measure the stages on what the node really sees under load, not on toy JSON.
 */
final class HotPathBodies {

    static final String MODEL = "gpt-4o-mini";
    static final String UPSTREAM_MODEL = "gpt-4o-mini-2024-07-18";
    private static final String ID = "chatcmpl-3f1c9a2b7d4e4c0e9a1b2c3d";
    private static final String FINGERPRINT = "fp_mock0001";
    private static final String ANSWER = "An open-loop generator schedules every request at a fixed rate and "
            + "measures from when it should have been sent, so a stalled proxy is charged for every request that "
            + "queued behind the stall, which a closed loop would silently skip and so report a far rosier tail.";

    private HotPathBodies() {
    }

    /** The overhead scenario's chat request (loadtest OverheadScenario.body), byte for byte. */
    static byte[] chatRequest() {
        return ("{\"model\":\"" + MODEL + "\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"You are a concise assistant. Answer in one short sentence "
                + "and do not add any preamble or closing remarks.\"},"
                + "{\"role\":\"user\",\"content\":\"Summarise in one sentence why an open-loop load generator "
                + "measures latency from the intended send time rather than from the actual send time, and what "
                + "coordinated omission would hide otherwise in a benchmark of a proxy.\"}],"
                + "\"max_tokens\":64,\"temperature\":0.2,\"stream\":false}").getBytes(StandardCharsets.UTF_8);
    }

    /** An OpenAI chat completion of about 47 tokens, with the usage object OpenAI sends. */
    static byte[] openAiCompletion() {
        return ("{\"id\":\"" + ID + "\",\"object\":\"chat.completion\",\"created\":1764064800,\"model\":\""
                + UPSTREAM_MODEL + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
                + ANSWER + "\",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                + openAiUsage() + ",\"service_tier\":\"default\",\"system_fingerprint\":\"" + FINGERPRINT + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The same answer as an Anthropic message, with cache counts in its usage. */
    static byte[] anthropicMessage() {
        return ("{\"id\":\"msg_013Zva2CMHLNnXjNJJKqJ2EF\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
                + "\"claude-sonnet-4-5-20250929\",\"content\":[{\"type\":\"text\",\"text\":\"" + ANSWER + "\"}],"
                + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":61,"
                + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":47,"
                + "\"service_tier\":\"standard\"}}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The answer streamed as OpenAI does with {@code include_usage}: a role chunk, one chunk per word, a finish
     * chunk, a usage chunk and {@code [DONE]}; one element per network read, as the mock writes them.
     */
    static List<byte[]> openAiStream() {
        List<String> events = new ArrayList<>();
        events.add(chunk("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", "null", "null"));
        String[] words = ANSWER.split(" ");
        for (int i = 0; i < words.length; i++) {
            events.add(chunk("{\"content\":\"" + (i == 0 ? "" : " ") + words[i] + "\"}", "null", "null"));
        }
        events.add(chunk("{}", "\"stop\"", "null"));
        events.add("{\"id\":\"" + ID + "\",\"object\":\"chat.completion.chunk\",\"created\":1764064800,\"model\":\""
                + UPSTREAM_MODEL + "\",\"service_tier\":\"default\",\"system_fingerprint\":\"" + FINGERPRINT
                + "\",\"choices\":[]," + openAiUsage() + "}");
        events.add("[DONE]");
        List<byte[]> reads = new ArrayList<>(events.size());
        for (String event : events) {
            reads.add(("data: " + event + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
        return reads;
    }

    private static String chunk(String delta, String finishReason, String usage) {
        return "{\"id\":\"" + ID + "\",\"object\":\"chat.completion.chunk\",\"created\":1764064800,\"model\":\""
                + UPSTREAM_MODEL + "\",\"service_tier\":\"default\",\"system_fingerprint\":\"" + FINGERPRINT
                + "\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":"
                + finishReason + "}],\"usage\":" + usage + "}";
    }

    private static String openAiUsage() {
        return "\"usage\":{\"prompt_tokens\":61,\"completion_tokens\":47,\"total_tokens\":108,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},\"completion_tokens_details\":"
                + "{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,"
                + "\"rejected_prediction_tokens\":0}}";
    }
}
