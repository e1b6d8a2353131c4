package dev.heimdall.providers.canonical;

import com.fasterxml.jackson.databind.JsonNode;

/** A function the model may call; {@code parameters} is a JSON schema (may be null for no parameters). */
public record ToolDefinition(String name, String description, JsonNode parameters) {
}
