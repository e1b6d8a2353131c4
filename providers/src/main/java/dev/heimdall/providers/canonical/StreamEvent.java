package dev.heimdall.providers.canonical;

/**
 * One step of a streamed response, decoded from any provider's stream. An ingress renders these in its own wire
 * format as they arrive. A well-formed stream is: {@link Start}, any number of deltas, {@link Finish} per choice,
 * optionally {@link UsageReport}, then the decoder's end; a provider error mid-stream arrives as {@link Failure}.
 */
public sealed interface StreamEvent {

    record Start(String id, String model) implements StreamEvent {
    }

    record TextDelta(int choice, String text) implements StreamEvent {
    }

    /** The first fragment of tool call {@code index} within a choice: its id and name. */
    record ToolCallStart(int choice, int index, String id, String name) implements StreamEvent {
    }

    record ToolCallDelta(int choice, int index, String argumentsFragment) implements StreamEvent {
    }

    record Finish(int choice, FinishReason reason) implements StreamEvent {
    }

    record UsageReport(Usage usage) implements StreamEvent {
    }

    /** The upstream reported an error inside the stream, or the stream broke off. */
    record Failure(dev.heimdall.providers.spi.ProviderError error) implements StreamEvent {
    }
}
