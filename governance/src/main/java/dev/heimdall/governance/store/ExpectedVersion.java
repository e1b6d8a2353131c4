package dev.heimdall.governance.store;

/**
 * The {@code expectedVersion} argument of {@link GovernanceStore#put}: a version read earlier, {@link #ABSENT} (the
 * entity must not exist yet) or {@link #ANY} (overwrite whatever is stored). Versions start at 1.
 */
public final class ExpectedVersion {

    public static final long ABSENT = 0;
    public static final long ANY = -1;

    private ExpectedVersion() {
    }

    /** @throws IllegalArgumentException for a value that is neither a version nor one of the two markers */
    public static long requireValid(long expectedVersion) {
        if (expectedVersion < ANY) {
            throw new IllegalArgumentException("expected version must be a version, 0 (absent) or -1 (any), got "
                    + expectedVersion);
        }
        return expectedVersion;
    }

    /** Whether a write that expects {@code expectedVersion} may replace what is stored at {@code actualVersion} (0: nothing). */
    public static boolean admits(long expectedVersion, long actualVersion) {
        return expectedVersion == ANY || expectedVersion == actualVersion;
    }
}
