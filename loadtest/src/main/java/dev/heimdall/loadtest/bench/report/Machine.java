package dev.heimdall.loadtest.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine a suite ran on, for every table: figures from two machines are not comparable.
 *
 * @param cpuModel  {@code model name} of /proc/cpuinfo
 * @param cores     logical CPUs the machine has (not the ones this process may use)
 * @param memoryGib total memory, GiB
 * @param kernel    the kernel release
 * @param jdk       the JDK that ran the suite and the JVM systems
 */
public record Machine(String cpuModel, int cores, double memoryGib, String kernel, String jdk) {

    public static Machine read() {
        return parse(readOrEmpty(Path.of("/proc/cpuinfo")), readOrEmpty(Path.of("/proc/meminfo")),
                System.getProperty("os.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    }

    /** Builds the description from the texts of /proc/cpuinfo and /proc/meminfo. */
    public static Machine parse(String cpuinfo, String meminfo, String kernel, String jdk) {
        String model = "unknown CPU";
        int cores = 0;
        for (String line : cpuinfo.lines().toList()) {
            if (line.startsWith("processor")) {
                cores++;
            } else if (line.startsWith("model name") && model.equals("unknown CPU")) {
                model = line.substring(line.indexOf(':') + 1).trim();
            }
        }
        double gib = 0;
        for (String line : meminfo.lines().toList()) {
            if (line.startsWith("MemTotal:")) {
                long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                gib = kib / 1024.0 / 1024.0;
            }
        }
        return new Machine(model, cores, gib, kernel, jdk);
    }

    /** One line for under a table. */
    public String oneLine() {
        return String.format(Locale.ROOT, "%s, %d CPUs, %.0f GiB, Linux %s, %s", cpuModel, cores, memoryGib, kernel,
                jdk);
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
