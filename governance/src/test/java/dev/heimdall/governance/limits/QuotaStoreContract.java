package dev.heimdall.governance.limits;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link QuotaStore} must do, run against each implementation (a subclass supplies the store). The
 * cluster module runs it too, through the governance test-jar.
 */
public abstract class QuotaStoreContract {

    protected static final long WINDOW_START = LimitWindow.MINUTE.startOf(1_764_000_000_000L);

    protected QuotaStore store;

    /** A fresh, empty store for each test. */
    protected abstract QuotaStore newStore();

    @BeforeEach
    public void createStore() {
        store = newStore();
    }

    protected static QuotaCounter requests(String subject) {
        return new QuotaCounter(subject, LimitKind.REQUESTS, LimitWindow.MINUTE, WINDOW_START);
    }

    protected static QuotaCounter tokens(String subject) {
        return new QuotaCounter(subject, LimitKind.TOKENS, LimitWindow.MINUTE, WINDOW_START);
    }

    @Test
    public void acquiresUpToTheLimitThenRefuses() {
        QuotaCounter counter = requests("key:a");

        assertThat(store.tryAcquire(counter, 1, 3)).isEqualTo(new QuotaGrant(true, 3, 2, counter.resetAtMillis()));
        assertThat(store.tryAcquire(counter, 1, 3)).isEqualTo(new QuotaGrant(true, 3, 1, counter.resetAtMillis()));
        assertThat(store.tryAcquire(counter, 1, 3)).isEqualTo(new QuotaGrant(true, 3, 0, counter.resetAtMillis()));
        assertThat(store.tryAcquire(counter, 1, 3)).isEqualTo(new QuotaGrant(false, 3, 0, counter.resetAtMillis()));
    }

    @Test
    public void aRefusedAcquireTakesNothing() {
        QuotaCounter counter = requests("key:a");
        store.tryAcquire(counter, 4, 5);

        QuotaGrant refused = store.tryAcquire(counter, 2, 5);

        assertThat(refused.granted()).isFalse();
        assertThat(refused.remaining()).isEqualTo(1);
        assertThat(store.tryAcquire(counter, 1, 5).granted()).isTrue();
    }

    @Test
    public void releasedPermitsCanBeTakenAgain() {
        QuotaCounter counter = requests("key:a");
        store.tryAcquire(counter, 2, 2);
        assertThat(store.tryAcquire(counter, 1, 2).granted()).isFalse();

        store.release(counter, 1);

        assertThat(store.tryAcquire(counter, 1, 2)).isEqualTo(new QuotaGrant(true, 2, 0, counter.resetAtMillis()));
    }

    @Test
    public void checkAdmitsWhileTheWindowHasRoomAndTakesNothing() {
        QuotaCounter counter = tokens("key:a");

        assertThat(store.check(counter, 100)).isEqualTo(new QuotaGrant(true, 100, 100, counter.resetAtMillis()));
        assertThat(store.check(counter, 100).remaining()).as("checking takes nothing").isEqualTo(100);

        store.charge(counter, 99);
        assertThat(store.check(counter, 100)).isEqualTo(new QuotaGrant(true, 100, 1, counter.resetAtMillis()));

        store.charge(counter, 5);
        assertThat(store.check(counter, 100)).isEqualTo(new QuotaGrant(false, 100, 0, counter.resetAtMillis()));
    }

    @Test
    public void countersOfOtherSubjectsKindsWindowsAndStartsAreIndependent() {
        QuotaCounter counter = requests("key:a");
        store.tryAcquire(counter, 1, 1);

        assertThat(store.tryAcquire(requests("key:b"), 1, 1).granted()).isTrue();
        assertThat(store.tryAcquire(tokens("key:a"), 1, 1).granted()).isTrue();
        assertThat(store.tryAcquire(new QuotaCounter("key:a", LimitKind.REQUESTS, LimitWindow.HOUR,
                LimitWindow.HOUR.startOf(WINDOW_START)), 1, 1).granted()).isTrue();
        assertThat(store.tryAcquire(counter, 1, 1).granted()).isFalse();
        QuotaCounter nextMinute = new QuotaCounter("key:a", LimitKind.REQUESTS, LimitWindow.MINUTE, WINDOW_START + 60_000);
        assertThat(store.tryAcquire(nextMinute, 1, 1)).isEqualTo(new QuotaGrant(true, 1, 0, nextMinute.resetAtMillis()));
    }

    @Test
    public void concurrentAcquiresNeverGrantMoreThanTheLimit() throws Exception {
        QuotaCounter counter = requests("key:busy");
        long limit = 1_000;
        int threads = 8;
        int attemptsEach = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> granted = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                granted.add(pool.submit(() -> {
                    start.await();
                    int mine = 0;
                    for (int i = 0; i < attemptsEach; i++) {
                        if (store.tryAcquire(counter, 1, limit).granted()) {
                            mine++;
                            if (i % 2 == 0) {
                                store.release(counter, 1);
                                mine--;
                            }
                        }
                    }
                    return mine;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> future : granted) {
                total += future.get(30, TimeUnit.SECONDS);
            }
            assertThat(total).isLessThanOrEqualTo((int) limit);
            assertThat(store.tryAcquire(counter, limit - total, limit).granted())
                    .as("every permit not kept was given back").isTrue();
            assertThat(store.tryAcquire(counter, 1, limit).granted()).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }
}
