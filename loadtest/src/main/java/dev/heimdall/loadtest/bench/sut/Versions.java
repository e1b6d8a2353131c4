package dev.heimdall.loadtest.bench.sut;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The first line a tool prints about its version ({@code nginx -v} writes to stderr, so both streams are read). */
final class Versions {
    private Versions() {
    }

    static String of(String... command) {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out.lines().findFirst().orElse(command[0]).trim();
        } catch (IOException e) {
            return command[0] + " (version unknown: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return command[0];
        }
    }
}
