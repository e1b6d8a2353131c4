package dev.heimdall.node.pipeline;

import dev.heimdall.providers.canonical.ChatResponse;
import dev.heimdall.providers.canonical.Message;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.canonical.ToolCall;

/**
 * What a chat request's answer said, kept for the audit log when it keeps bodies: the model's text and its tool calls
 * ({@code [tool-call name] arguments}), from a whole response or from a stream's events as they pass, cut at a
 * number of characters. Confined to the request's event loop.
 */
public final class ResponseText {

    private final int limit;
    private final StringBuilder text = new StringBuilder();
    private boolean truncated;

    public ResponseText(int limitChars) {
        this.limit = limitChars;
    }

    public void add(ChatResponse response) {
        for (ChatResponse.Choice choice : response.choices()) {
            Message message = choice.message();
            append(message.text());
            for (ToolCall call : message.toolCalls()) {
                toolCall(call.name());
                append(call.arguments());
            }
        }
    }

    public void add(StreamEvent event) {
        if (event instanceof StreamEvent.TextDelta delta) {
            append(delta.text());
        } else if (event instanceof StreamEvent.ToolCallStart start) {
            toolCall(start.name());
        } else if (event instanceof StreamEvent.ToolCallDelta delta) {
            append(delta.argumentsFragment());
        }
    }

    public String text() {
        return text.toString();
    }

    public boolean truncated() {
        return truncated;
    }

    private void toolCall(String name) {
        append((text.length() == 0 ? "" : "\n") + "[tool-call " + name + "] ");
    }

    private void append(String part) {
        if (part == null || part.isEmpty() || truncated) {
            return;
        }
        int room = limit - text.length();
        if (part.length() > room) {
            text.append(part, 0, Math.max(0, room));
            truncated = true;
        } else {
            text.append(part);
        }
    }
}
