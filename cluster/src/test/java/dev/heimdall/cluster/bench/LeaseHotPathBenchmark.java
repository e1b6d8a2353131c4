package dev.heimdall.cluster.bench;

import dev.heimdall.cluster.lease.LeaseSettings;
import dev.heimdall.cluster.lease.TestCluster;
import dev.heimdall.cluster.ledger.LeasedBudgetLedger;
import dev.heimdall.cluster.quota.LeasedQuotaStore;
import dev.heimdall.cluster.state.ClusterGovernanceState;
import dev.heimdall.governance.budget.LedgerKey;
import dev.heimdall.governance.limits.LimitKind;
import dev.heimdall.governance.limits.LimitWindow;
import dev.heimdall.governance.limits.QuotaCounter;
import dev.heimdall.governance.limits.QuotaGrant;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cluster stores' hot path with a lease in hand: a node of a two-member cluster (both admitting, so the node
 * decides on its leases, not on the whole limit) takes request permits, checks and charges a token window, and
 * reserves and settles budget, against limits high enough never to refuse. Renewals run in the background as the
 * leases run low, as they would under load. Not part of the test suite; run by hand:
 *
 * <pre>
 * mvn -q -o -pl providers,governance,cluster test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
 * java --add-opens java.base/java.lang=ALL-UNNAMED -Dhazelcast.logging.type=none \
 *     -cp "$(cat cluster/target/bench.classpath):cluster/target/test-classes:cluster/target/classes" \
 *     dev.heimdall.cluster.bench.LeaseHotPathBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Dhazelcast.logging.type=none",
        "-Dhazelcast.phone.home.enabled=false"})
public class LeaseHotPathBenchmark {

    private static final long HIGH = Long.MAX_VALUE / 4;

    private TestCluster cluster;
    private ClusterGovernanceState node;
    private ClusterGovernanceState other;
    private LeasedQuotaStore quotas;
    private LeasedBudgetLedger ledger;
    private QuotaCounter requests;
    private QuotaCounter tokens;
    private LedgerKey line;

    @Setup(Level.Trial)
    public void setUp() {
        cluster = TestCluster.of(2);
        node = ClusterGovernanceState.of(cluster.member(0), Map.of(), Clock.systemUTC(), LeaseSettings.DEFAULTS);
        other = ClusterGovernanceState.of(cluster.member(1), Map.of(), Clock.systemUTC(), LeaseSettings.DEFAULTS);
        quotas = node.quotas();
        ledger = node.ledger();
        long day = LimitWindow.DAY.startOf(System.currentTimeMillis());
        requests = new QuotaCounter("key:bench", LimitKind.REQUESTS, LimitWindow.DAY, day);
        tokens = new QuotaCounter("key:bench", LimitKind.TOKENS, LimitWindow.DAY, day);
        line = new LedgerKey("key:bench", "monthly", day);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        node.close();
        other.close();
        cluster.close();
    }

    @Benchmark
    public QuotaGrant tryAcquireRequest() {
        return quotas.tryAcquire(requests, 1, HIGH);
    }

    @Benchmark
    public QuotaGrant checkAndChargeTokens() {
        QuotaGrant grant = quotas.check(tokens, HIGH);
        quotas.charge(tokens, 1_000);
        return grant;
    }

    @Benchmark
    public boolean tryReserveAndSettleBudget() {
        boolean reserved = ledger.tryReserve(line, 40_000, HIGH);
        ledger.settle(line, 40_000, 30_000);
        return reserved;
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder().include(LeaseHotPathBenchmark.class.getSimpleName())
                .addProfiler("gc").build()).run();
    }
}
