package dev.heimdall.cluster.admin;

/**
 * Whatever holds leases of cluster-wide quotas and budgets on this member, so the cluster view can show how many a
 * member holds.
 */
@FunctionalInterface
public interface LeaseHolder {

    /** A member that leases nothing. */
    LeaseHolder NONE = () -> 0;

    long leasesHeld();
}
