package dev.heimdall.loadtest.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcStatTest {

    /** A stat line: pid (comm) state ppid ... utime stime ..., fields 14 and 15 being utime and stime. */
    private static String stat(long pid, String comm, long ppid, long utime, long stime) {
        return pid + " (" + comm + ") S " + ppid + " 1 1 0 -1 4194560 100 0 0 0 " + utime + " " + stime
                + " 0 0 20 0 3 0 12345 1000000 250 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n";
    }

    @Test
    void readsPidParentAndCpuTimesEvenWhenTheCommandHasSpacesAndParentheses() {
        ProcStat s = ProcStat.parse(stat(4242, "nginx: worker (1) )", 4241, 1234, 567));
        assertThat(s).isEqualTo(new ProcStat(4242, 4241, 1234, 567));
        assertThat(s.cpuTicks()).isEqualTo(1801);
        assertThatThrownBy(() -> ProcStat.parse("garbage")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cpuPerRequestIsTheTicksSpentOverTheRequestsServed() {
        CpuSample before = new CpuSample(1_000, 0);
        CpuSample after = new CpuSample(1_150, 2_000_000_000L);
        // 150 ticks at 100 Hz = 1.5 s of CPU; over 100,000 requests = 15 µs each; over 2 s of wall time = 75% busy
        assertThat(CpuSample.microsPerRequest(before, after, 100_000, 100)).isEqualTo(15.0);
        assertThat(CpuSample.busyPercent(before, after, 100)).isEqualTo(75.0);
        assertThat(CpuSample.microsPerRequest(before, after, 0, 100)).isNaN();
        assertThatThrownBy(() -> CpuSample.microsPerRequest(before, after, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aProcessTreeSumsTheRootAndItsDescendantsOnly(@TempDir Path proc) throws IOException {
        process(proc, 100, "nginx", 1, 10, 5, 4_000);        // master
        process(proc, 101, "nginx", 100, 200, 100, 12_000);  // its worker
        process(proc, 102, "sh", 101, 1, 1, 1_000);          // a worker's child
        process(proc, 200, "java", 1, 5_000, 500, 300_000);  // unrelated
        Files.createDirectories(proc.resolve("self"));       // not a pid: ignored
        Files.writeString(proc.resolve("100/status"), "Name:\tnginx\nCpus_allowed_list:\t0\nVmRSS:\t4000 kB\n");

        ProcessTree tree = new ProcessTree(proc, 100);
        assertThat(tree.members()).extracting(ProcStat::pid).containsExactlyInAnyOrder(100L, 101L, 102L);
        assertThat(tree.cpu().ticks()).isEqualTo(10 + 5 + 200 + 100 + 1 + 1);
        assertThat(tree.rssBytes()).isEqualTo((4_000 + 12_000 + 1_000) * 1024L);
        assertThat(tree.allowedCpus()).isEqualTo("0");
        assertThat(new ProcessTree(proc, 999).members()).isEmpty();
    }

    private static void process(Path proc, long pid, String comm, long ppid, long utime, long stime, long rssKib)
            throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("stat"), stat(pid, comm, ppid, utime, stime));
        Files.writeString(dir.resolve("status"), "Name:\t" + comm + "\nVmRSS:\t" + rssKib + " kB\n");
    }

    @Test
    void gcLogPausesAndJstatOldGenerationAreParsed() {
        String log = """
                [0.012s][info][gc] Using Parallel
                [5.101s][info][gc] GC(0) Pause Young (Allocation Failure) 64M->3M(245M) 2.345ms
                [9.870s][info][gc] GC(1) Pause Full (Ergonomics) 120M->40M(245M) 12.5ms
                """;
        assertThat(GcLogTail.pauses(log)).containsExactly(2.345, 12.5);
        String jstat = """
                 S0C    S1C    S0U    S1U      EC       EU        OC         OU       MC     MU
                 512.0  512.0   0.0   32.0   65536.0  12000.0  175104.0   20480.0  40000.0 39000.0
                """;
        assertThat(Jstat.oldGenKb(jstat)).isEqualTo(20480.0);
        assertThat(Jstat.oldGenKb("")).isNaN();
    }

    @Test
    void gcLogTailReadsOnlyWhatWasAppended(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("gc.log");
        Files.writeString(log, "[1.0s][info][gc] GC(0) Pause Young (Allocation Failure) 64M->3M(245M) 1.000ms\n");
        GcLogTail tail = new GcLogTail(log);
        tail.skipToEnd();
        assertThat(tail.newPauses()).isEmpty();
        Files.writeString(log, "[2.0s][info][gc] GC(1) Pause Young (Allocation Failure) 64M->3M(245M) 0.500ms\n"
                + "[3.0s][info][gc] GC(2) Pause You", java.nio.file.StandardOpenOption.APPEND);
        assertThat(tail.newPauses()).containsExactly(0.5);
        Files.writeString(log, "ng (Allocation Failure) 64M->3M(245M) 0.750ms\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(tail.newPauses()).containsExactly(0.75);
    }
}
