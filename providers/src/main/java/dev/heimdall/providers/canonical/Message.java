package dev.heimdall.providers.canonical;

import java.util.List;

/**
 * One turn of a conversation.
 *
 * @param content    the parts, in order; empty (never null) for an assistant turn that only calls tools
 * @param name       OpenAI's optional participant name, or null
 * @param toolCalls  calls made by an assistant turn; empty otherwise
 * @param toolCallId for a {@link Role#TOOL} message, the call it answers
 */
public record Message(Role role, List<ContentPart> content, String name, List<ToolCall> toolCalls, String toolCallId) {

    public Message {
        content = content == null ? List.of() : List.copyOf(content);
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public static Message text(Role role, String text) {
        return new Message(role, List.of(new ContentPart.Text(text)), null, List.of(), null);
    }

    /** The text parts joined, ignoring images. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (ContentPart part : content) {
            if (part instanceof ContentPart.Text t) {
                sb.append(t.text());
            }
        }
        return sb.toString();
    }
}
