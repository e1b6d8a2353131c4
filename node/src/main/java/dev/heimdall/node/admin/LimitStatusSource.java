package dev.heimdall.node.admin;

import dev.heimdall.governance.limits.AppliedLimit;
import dev.heimdall.governance.limits.QuotaGrant;
import dev.heimdall.governance.limits.QuotaStore;

/** Where the self-service view reads what is left of a rate limit. Must not block: it is asked on an event loop. */
@FunctionalInterface
public interface LimitStatusSource {

    /** The limit, what remains of it in the current window and when the window resets; takes nothing. */
    QuotaGrant status(AppliedLimit limit, long nowMillis);

    /** Reads the counters admission takes from, without taking anything. */
    static LimitStatusSource of(QuotaStore quotas) {
        return (limit, nowMillis) -> quotas.check(limit.counterAt(nowMillis), limit.limit());
    }
}
