package dev.heimdall.cluster.lease;

/**
 * What a node may commit on a line beyond its lease: 1/n of the limit, and its claim plus 1/n of what nobody had
 * claimed at its last answer ({@code n}: the admitting members). The owner grants it as a cap to a node that is
 * bursting; a node decides on it by itself before its first answer, after its lease lapsed, and while the owner
 * cannot be reached.
 */
final class LocalShare {

    private LocalShare() {
    }

    static long of(long limit, int members, long othersClaimed, long claim) {
        long unclaimed = Math.max(0, limit - othersClaimed - claim);
        return Math.min(limit / members, claim + unclaimed / members);
    }
}
