package dev.heimdall.node.admin;

import dev.heimdall.governance.store.GovernanceStore;

import java.time.Instant;

/** What a write may look at: the store (on the admin worker thread), the caller and the time of the request. */
record WriteContext(GovernanceStore store, AdminPrincipal who, Instant now) {
}
