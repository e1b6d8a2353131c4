package dev.heimdall.providers.canonical;

/**
 * A function call made by the model.
 *
 * @param arguments the arguments as a JSON text, exactly as the model produced them
 */
public record ToolCall(String id, String name, String arguments) {
}
