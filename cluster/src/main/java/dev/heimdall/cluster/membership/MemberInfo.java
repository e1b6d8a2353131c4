package dev.heimdall.cluster.membership;

import java.time.Instant;

/**
 * One member of the cluster as every member sees it.
 *
 * @param id        the member's id for this run (a new one after every start)
 * @param address   where its Hazelcast member listens, {@code host:port}
 * @param version   the Heimdall version it runs
 * @param startedAt when it joined
 * @param self      whether it is the member asking
 */
public record MemberInfo(String id, String address, String version, Instant startedAt, boolean self) {
}
