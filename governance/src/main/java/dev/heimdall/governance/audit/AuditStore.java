package dev.heimdall.governance.audit;

import java.util.List;

/**
 * Where audit records are kept for good. Implementations block (JDBC): call them from worker threads only.
 */
public interface AuditStore {

    /**
     * Stores records; a record whose id is stored already is skipped, so a batch written twice (replayed after a
     * failure whose outcome was unknown) is kept once.
     *
     * @return how many records were new
     */
    int insert(List<AuditRecord> records);

    AuditPage page(AuditQuery query);

    /**
     * Deletes records older than {@code cutoffMillis}, at most {@code max} of them per call (so a large deletion
     * runs as many short transactions).
     *
     * @return how many were deleted
     */
    int deleteBefore(long cutoffMillis, int max);
}
