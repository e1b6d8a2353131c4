package dev.heimdall.providers.canonical;

/** Who wrote a message. OpenAI's {@code developer} role is carried as {@link #SYSTEM}. */
public enum Role {
    SYSTEM, USER, ASSISTANT, TOOL
}
