package dev.heimdall.node.guardrails;

import dev.heimdall.providers.canonical.ContentPart;
import dev.heimdall.providers.canonical.Message;
import dev.heimdall.providers.canonical.Role;
import dev.heimdall.providers.canonical.ToolCall;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MessageTextTest {

    private final Message system = Message.text(Role.SYSTEM, "be brief");
    private final Message user = new Message(Role.USER, List.of(new ContentPart.Text("look"),
            ContentPart.Image.fromUrl("https://img.example/1.png", null), new ContentPart.Text("mail a@b.io")),
            null, List.of(), null);
    private final Message assistant = new Message(Role.ASSISTANT, List.of(), null,
            List.of(new ToolCall("c1", "send", "{\"to\":\"a@b.io\"}")), null);
    private final Message tool = new Message(Role.TOOL, List.of(new ContentPart.Text("sent")), null, List.of(), "c1");

    @Test
    void segmentsAreTheTextPartsAndToolArgumentsInOrder() {
        assertThat(MessageText.segments(List.of(system, user, assistant, tool)))
                .containsExactly("be brief", "look", "mail a@b.io", "{\"to\":\"a@b.io\"}", "sent");
        assertThat(MessageText.length(List.of("ab", "cde"))).isEqualTo(5);
    }

    @Test
    void replacingPutsEachSegmentBackWhereItCameFromAndKeepsUnchangedMessages() {
        List<Message> replaced = MessageText.replace(List.of(system, user, assistant, tool),
                List.of("be brief", "look", "mail [REDACTED:email]", "{\"to\":\"[REDACTED:email]\"}", "sent"));
        assertThat(replaced.get(0)).isSameAs(system);
        assertThat(replaced.get(3)).isSameAs(tool);
        assertThat(replaced.get(1).content()).hasSize(3);
        assertThat(replaced.get(1).content().get(1)).isEqualTo(user.content().get(1));
        assertThat(replaced.get(1).text()).isEqualTo("lookmail [REDACTED:email]");
        assertThat(replaced.get(2).toolCalls().get(0))
                .isEqualTo(new ToolCall("c1", "send", "{\"to\":\"[REDACTED:email]\"}"));
    }
}
