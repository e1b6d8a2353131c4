package dev.heimdall.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A command run to completion with its output (stdout and stderr together) and exit status. */
record Command(List<String> argv, Path directory, Map<String, String> environment) {

    record Result(int exit, String output) {
        boolean succeeded() {
            return exit == 0;
        }
    }

    static Command of(String... argv) {
        return new Command(List.of(argv), null, Map.of());
    }

    Command in(Path directory) {
        return new Command(argv, directory, environment);
    }

    Command withEnvironment(Map<String, String> extra) {
        return new Command(argv, directory, extra);
    }

    Result run() throws IOException, InterruptedException {
        Path output = Files.createTempFile("heimdall-command", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(output.toFile());
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(argv + " did not finish in 120 s");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** Whether an executable of this name is on PATH. */
    static boolean available(String executable) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, executable))) {
                return true;
            }
        }
        return false;
    }
}
