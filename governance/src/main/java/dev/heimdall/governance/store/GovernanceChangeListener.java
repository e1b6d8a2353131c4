package dev.heimdall.governance.store;

/**
 * Told after every successful write to the governance store, so that a node can rebuild its immutable snapshot
 * (routing table, key index) from the store; until the new snapshot is built the node keeps serving from the old
 * one. Called on a worker thread, after the write has committed: implementations must return quickly and must not
 * write to the store themselves.
 */
@FunctionalInterface
public interface GovernanceChangeListener {

    void changed(GovernanceChange change);
}
