package dev.heimdall.loadtest.bench.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The old generation in use of a running JVM, from {@code jstat -gc <pid>}. */
public final class Jstat {
    private Jstat() {
    }

    /** Old generation used, MB; NaN when jstat cannot read the JVM. */
    public static double oldGenMb(long pid) {
        try {
            Process p = new ProcessBuilder(List.of("jstat", "-gc", Long.toString(pid))).redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Double.NaN;
            }
            return oldGenKb(out) / 1024.0;
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    /** The {@code OU} column (KB) of {@code jstat -gc} output: a header line and a line of values. */
    public static double oldGenKb(String output) {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        if (lines.size() < 2) {
            return Double.NaN;
        }
        String[] names = lines.get(0).trim().split("\\s+");
        String[] values = lines.get(1).trim().split("\\s+");
        for (int i = 0; i < names.length && i < values.length; i++) {
            if (names[i].equals("OU")) {
                return Double.parseDouble(values[i]);
            }
        }
        return Double.NaN;
    }
}
