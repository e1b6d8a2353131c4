package dev.heimdall.node.guardrails;

import dev.heimdall.providers.canonical.ContentPart;
import dev.heimdall.providers.canonical.Message;
import dev.heimdall.providers.canonical.ToolCall;

import java.util.ArrayList;
import java.util.List;

/**
 * The text of a conversation as guardrails scan it: one segment per text part (system prompts, user and assistant
 * turns, tool results) and per tool call's arguments, in order; and the same messages rebuilt from scanned segments,
 * so that a redaction lands exactly where its text came from.
 */
public final class MessageText {

    private MessageText() {
    }

    public static List<String> segments(List<Message> messages) {
        List<String> segments = new ArrayList<>();
        for (Message message : messages) {
            for (ContentPart part : message.content()) {
                if (part instanceof ContentPart.Text text) {
                    segments.add(text.text());
                }
            }
            for (ToolCall call : message.toolCalls()) {
                segments.add(call.arguments() == null ? "" : call.arguments());
            }
        }
        return segments;
    }

    /** Characters in all segments, to tell a scan that is cheap enough for an event loop. */
    public static long length(List<String> segments) {
        long length = 0;
        for (String segment : segments) {
            length += segment.length();
        }
        return length;
    }

    /**
     * The messages with their segments replaced by {@code scanned} (as many, in the order of {@link #segments});
     * a message whose segments are all unchanged is the very same object.
     */
    public static List<Message> replace(List<Message> messages, List<String> scanned) {
        List<Message> out = new ArrayList<>(messages.size());
        int next = 0;
        for (Message message : messages) {
            int first = next;
            boolean changed = false;
            for (ContentPart part : message.content()) {
                if (part instanceof ContentPart.Text text) {
                    changed |= !text.text().equals(scanned.get(next++));
                }
            }
            for (ToolCall call : message.toolCalls()) {
                changed |= !(call.arguments() == null ? "" : call.arguments()).equals(scanned.get(next++));
            }
            out.add(changed ? rebuilt(message, scanned, first) : message);
        }
        return out;
    }

    private static Message rebuilt(Message message, List<String> scanned, int first) {
        int next = first;
        List<ContentPart> content = new ArrayList<>(message.content().size());
        for (ContentPart part : message.content()) {
            content.add(part instanceof ContentPart.Text ? new ContentPart.Text(scanned.get(next++)) : part);
        }
        List<ToolCall> calls = new ArrayList<>(message.toolCalls().size());
        for (ToolCall call : message.toolCalls()) {
            calls.add(new ToolCall(call.id(), call.name(), scanned.get(next++)));
        }
        return new Message(message.role(), content, message.name(), calls, message.toolCallId());
    }
}
