package dev.heimdall.cluster.quota;

import dev.heimdall.cluster.lease.LineShape;
import dev.heimdall.governance.limits.LimitKind;
import dev.heimdall.governance.limits.QuotaCounter;

/**
 * Counter windows as lease lines: {@code REQUESTS/MINUTE/1764000000000/key:vk_1}. Request windows lease blocks of
 * permits; token windows only count what was charged. A window's entry is kept one more window after it ends (for
 * usage views), then Hazelcast drops it.
 */
final class CounterLines implements LineShape<QuotaCounter> {

    @Override
    public String mapKey(QuotaCounter counter) {
        return counter.kind() + "/" + counter.window() + "/" + counter.windowStartMillis() + "/" + counter.subject();
    }

    @Override
    public boolean leases(QuotaCounter counter) {
        return counter.kind() == LimitKind.REQUESTS;
    }

    @Override
    public long endsAtMillis(QuotaCounter counter) {
        return counter.resetAtMillis();
    }

    @Override
    public long keepUntilMillis(QuotaCounter counter) {
        return counter.resetAtMillis() + counter.window().millis();
    }
}
