package dev.heimdall.loadtest.bench.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A process and its descendants, read from {@code /proc}: a system under test may be several processes (nginx's
 * master and worker), and its cost is the sum over all of them. Descendants are found again at every read, so a
 * worker started or restarted late is still counted.
 */
public final class ProcessTree {
    private final Path proc;
    private final long root;

    public ProcessTree(Path proc, long root) {
        this.proc = proc;
        this.root = root;
    }

    /** The tree of {@code pid} on this machine. */
    public static ProcessTree of(long pid) {
        return new ProcessTree(Path.of("/proc"), pid);
    }

    public long root() {
        return root;
    }

    /** CPU time of every live process of the tree now. */
    public CpuSample cpu() {
        long ticks = 0;
        for (ProcStat s : members()) {
            ticks += s.cpuTicks();
        }
        return new CpuSample(ticks, System.nanoTime());
    }

    /** Resident set size of the whole tree, bytes ({@code VmRSS} of each member). */
    public long rssBytes() {
        long total = 0;
        for (ProcStat s : members()) {
            total += rssKib(s.pid()) * 1024;
        }
        return total;
    }

    /** The CPUs the root may run on, as the kernel reports them ({@code Cpus_allowed_list}), or "?" if unknown. */
    public String allowedCpus() {
        return statusField(root, "Cpus_allowed_list").orElse("?");
    }

    /** The root and its descendants, each with its current stat. */
    public List<ProcStat> members() {
        Map<Long, List<ProcStat>> children = new HashMap<>();
        ProcStat rootStat = null;
        for (ProcStat s : all()) {
            if (s.pid() == root) {
                rootStat = s;
            }
            children.computeIfAbsent(s.ppid(), k -> new ArrayList<>()).add(s);
        }
        List<ProcStat> out = new ArrayList<>();
        if (rootStat == null) {
            return out;
        }
        out.add(rootStat);
        for (int i = 0; i < out.size(); i++) {
            out.addAll(children.getOrDefault(out.get(i).pid(), List.of()));
        }
        return out;
    }

    private List<ProcStat> all() {
        List<ProcStat> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, p -> isNumeric(p.getFileName().toString()))) {
            for (Path dir : dirs) {
                read(dir.resolve("stat")).ifPresent(line -> out.add(ProcStat.parse(line)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private long rssKib(long pid) {
        return statusField(pid, "VmRSS").map(v -> Long.parseLong(v.replace("kB", "").trim())).orElse(0L);
    }

    private Optional<String> statusField(long pid, String name) {
        return read(proc.resolve(Long.toString(pid)).resolve("status")).flatMap(text -> text.lines()
                .filter(l -> l.startsWith(name + ":"))
                .map(l -> l.substring(name.length() + 1).trim())
                .findFirst());
    }

    /** A process may exit between listing and reading: that is not an error, it just no longer counts. */
    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isNumeric(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
