package dev.heimdall.node.config;

/**
 * A configuration file that cannot be used. The message always reads
 * {@code "<source>: <path>: <what was expected>, got <what was found>"} (or {@code "<source>: <problem>"} when the
 * problem concerns the whole file) and never contains a secret: key values, passwords and the values of
 * environment variables are left out.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final String path;
    private final String problem;

    /**
     * @param source  where the configuration came from, usually the file path
     * @param path    the path inside it, such as {@code providers.openai.keys[0].name}; empty for the whole file
     * @param problem what is wrong, free of secrets
     */
    public ConfigException(String source, String path, String problem) {
        super(path.isEmpty() ? source + ": " + problem : source + ": " + path + ": " + problem);
        this.source = source;
        this.path = path;
        this.problem = problem;
    }

    /** Where the configuration came from, usually the file path. */
    public String source() {
        return source;
    }

    /** The path inside the configuration; empty when the problem concerns the whole file. */
    public String path() {
        return path;
    }

    /** What is wrong, without the source and the path. */
    public String problem() {
        return problem;
    }
}
