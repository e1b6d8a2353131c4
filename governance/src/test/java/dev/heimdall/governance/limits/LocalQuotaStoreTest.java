package dev.heimdall.governance.limits;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalQuotaStoreTest extends QuotaStoreContract {

    @Override
    protected QuotaStore newStore() {
        return new LocalQuotaStore();
    }

    @Test
    void countersOfEndedWindowsAreEvictedWhenALaterWindowStarts() {
        LocalQuotaStore local = new LocalQuotaStore();
        for (int i = 0; i < 100; i++) {
            local.tryAcquire(requests("key:" + i), 1, 10);
        }
        local.charge(new QuotaCounter("key:0", LimitKind.TOKENS, LimitWindow.DAY, LimitWindow.DAY.startOf(WINDOW_START)), 5);
        assertThat(local.size()).isEqualTo(101);

        QuotaCounter later = new QuotaCounter("key:0", LimitKind.REQUESTS, LimitWindow.MINUTE, WINDOW_START + 60_000);
        local.tryAcquire(later, 1, 10);

        assertThat(local.size()).as("the day counter and the new minute stay").isEqualTo(2);
        assertThat(local.check(new QuotaCounter("key:0", LimitKind.TOKENS, LimitWindow.DAY,
                LimitWindow.DAY.startOf(WINDOW_START)), 10).remaining()).isEqualTo(5);
    }

    @Test
    void releaseNeverDrivesACounterBelowZero() {
        LocalQuotaStore local = new LocalQuotaStore();
        QuotaCounter counter = requests("key:a");
        local.tryAcquire(counter, 1, 2);
        local.release(counter, 5);
        assertThat(local.tryAcquire(counter, 2, 2).remaining()).isZero();
        local.release(requests("key:never-used"), 1);
        assertThat(local.check(requests("key:never-used"), 1).remaining()).isEqualTo(1);
    }
}
