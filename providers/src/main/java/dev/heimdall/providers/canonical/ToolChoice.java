package dev.heimdall.providers.canonical;

/** How the model may use tools. {@code toolName} is set only for {@link Mode#TOOL}. */
public record ToolChoice(Mode mode, String toolName) {

    public enum Mode {
        AUTO, NONE, REQUIRED, TOOL
    }

    public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
    public static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);
    public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, null);

    public static ToolChoice tool(String name) {
        return new ToolChoice(Mode.TOOL, name);
    }
}
