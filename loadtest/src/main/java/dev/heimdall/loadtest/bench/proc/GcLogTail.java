package dev.heimdall.loadtest.bench.proc;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the pauses a JVM's unified GC log ({@code -Xlog:gc:file=...}) gained since the previous read, e.g.
 * {@code [12.345s][info][gc] GC(3) Pause Young (Allocation Failure) 70M->5M(245M) 1.234ms}.
 */
public final class GcLogTail {
    private static final Pattern PAUSE = Pattern.compile("\\bPause\\b.*?([0-9]+(?:\\.[0-9]+)?)ms\\s*$");

    private final Path file;
    private long offset;

    public GcLogTail(Path file) {
        this.file = file;
    }

    /** Skips what the log holds so far (pauses of start-up and warm-up). */
    public void skipToEnd() throws IOException {
        offset = Files.exists(file) ? Files.size(file) : 0;
    }

    /** Pause durations (ms) of the complete lines written since the last call. */
    public List<Double> newPauses() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            if (length <= offset) {
                return List.of();
            }
            byte[] bytes = new byte[(int) Math.min(length - offset, 64L << 20)];
            raf.seek(offset);
            raf.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            int lastNewline = text.lastIndexOf('\n');
            if (lastNewline < 0) {
                return List.of();
            }
            offset += text.substring(0, lastNewline + 1).getBytes(StandardCharsets.UTF_8).length;
            return pauses(text.substring(0, lastNewline));
        }
    }

    /** Pause durations (ms) of the GC log lines in {@code text}. */
    public static List<Double> pauses(String text) {
        List<Double> out = new ArrayList<>();
        for (String line : text.lines().toList()) {
            Matcher m = PAUSE.matcher(line);
            if (m.find()) {
                out.add(Double.parseDouble(m.group(1)));
            }
        }
        return out;
    }
}
