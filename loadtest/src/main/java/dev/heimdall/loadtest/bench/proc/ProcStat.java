package dev.heimdall.loadtest.bench.proc;

/**
 * The fields of one {@code /proc/<pid>/stat} line the suite needs. CPU times are in clock ticks
 * ({@code getconf CLK_TCK}, 100 on Linux x86-64) and cover every thread of the process.
 *
 * @param pid   the process id
 * @param ppid  its parent's id
 * @param utime user-mode CPU time, ticks
 * @param stime kernel-mode CPU time, ticks
 */
public record ProcStat(long pid, long ppid, long utime, long stime) {

    /** User plus kernel time, ticks. */
    public long cpuTicks() {
        return utime + stime;
    }

    /**
     * Parses a stat line. The command name (field 2) is in parentheses and may itself hold spaces and parentheses,
     * so the fields are counted from the last {@code ')'}: state is field 3, ppid 4, utime 14, stime 15.
     */
    public static ProcStat parse(String line) {
        int close = line.lastIndexOf(')');
        int space = line.indexOf(' ');
        if (close < 0 || space < 0 || space > close) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + line);
        }
        String[] rest = line.substring(close + 1).trim().split("\\s+");
        if (rest.length < 13) {
            throw new IllegalArgumentException("too few fields in /proc/<pid>/stat line: " + line);
        }
        // rest[0] is field 3 (state), so field n is rest[n - 3]
        return new ProcStat(Long.parseLong(line.substring(0, space)), Long.parseLong(rest[1]),
                Long.parseLong(rest[11]), Long.parseLong(rest[12]));
    }
}
