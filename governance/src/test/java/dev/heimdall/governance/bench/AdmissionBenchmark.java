package dev.heimdall.governance.bench;

import dev.heimdall.governance.access.AccessDecision;
import dev.heimdall.governance.budget.BudgetAdmission;
import dev.heimdall.governance.budget.BudgetDecision;
import dev.heimdall.governance.budget.BudgetPeriod;
import dev.heimdall.governance.budget.BudgetSpec;
import dev.heimdall.governance.budget.BudgetWindows;
import dev.heimdall.governance.budget.LocalBudgetLedger;
import dev.heimdall.governance.keys.AccessProfile;
import dev.heimdall.governance.keys.Authentication;
import dev.heimdall.governance.keys.Customer;
import dev.heimdall.governance.keys.GovernanceSnapshot;
import dev.heimdall.governance.keys.KeyContext;
import dev.heimdall.governance.keys.KeyHash;
import dev.heimdall.governance.keys.PolicySpec;
import dev.heimdall.governance.keys.Team;
import dev.heimdall.governance.keys.VirtualKey;
import dev.heimdall.governance.limits.LocalQuotaStore;
import dev.heimdall.governance.limits.RateLimitAdmission;
import dev.heimdall.governance.limits.RateLimitDecision;
import dev.heimdall.governance.limits.RateLimitSpec;
import dev.heimdall.governance.routing.FallbackPlan;
import dev.heimdall.governance.routing.Target;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Governance admission for one request of a key in a team in a customer, each level with a request and a token limit
 * and a monthly budget: authenticate the secret, check model access, admit on six rate limits, reserve on three
 * budgets and settle. Limits are set high enough never to refuse, so every operation takes the admitting path.
 * Not part of the test suite; run like {@link RoutingDecisionBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AdmissionBenchmark {

    private static final String SECRET = "hk-0123456789ABCDEFGHIJabcdefghijXYZ";
    private static final long HIGH = Long.MAX_VALUE / 4;

    private final Instant now = Instant.parse("2026-11-25T10:00:00Z");
    private final long nowMillis = now.toEpochMilli();
    private GovernanceSnapshot snapshot;
    private KeyContext context;
    private FallbackPlan plan;
    private RateLimitAdmission rateLimits;
    private BudgetAdmission budgets;

    @Setup
    public void setUp() {
        RateLimitSpec limits = new RateLimitSpec(HIGH, 0, 0, HIGH, 0, 0);
        List<BudgetSpec> monthly = List.of(BudgetSpec.calendar("monthly", HIGH, BudgetPeriod.MONTHLY));
        Customer acme = new Customer("acme", null, monthly, limits, Map.of());
        Team ml = new Team("ml", null, "acme", monthly, limits, Map.of());
        AccessProfile batch = new AccessProfile("batch", null,
                new PolicySpec(null, List.of("groq/*", "openai/gpt-4o*"), monthly, limits, null, null, null));
        VirtualKey key = new VirtualKey("dev", null, KeyHash.of(SECRET), "hk-...XYZ", null, null, "ml", "batch", null,
                true, null, Map.of(), now);
        snapshot = GovernanceSnapshot.of(List.of(acme), List.of(ml), List.of(batch), List.of(key));
        context = ((Authentication.Authenticated) snapshot.authenticate(SECRET, now)).context();
        plan = new FallbackPlan("smart", "smart", List.of(Target.of("openai", "gpt-4o-mini"), Target.of("groq", "llama")));
        rateLimits = new RateLimitAdmission(new LocalQuotaStore());
        budgets = new BudgetAdmission(new LocalBudgetLedger(), new BudgetWindows(ZoneId.of("Europe/Berlin")));
    }

    @Benchmark
    public Authentication authenticate() {
        return snapshot.authenticate(SECRET, now);
    }

    @Benchmark
    public AccessDecision modelAccess() {
        return context.access().check(plan);
    }

    @Benchmark
    public RateLimitDecision rateLimitsOfThreeLevels() {
        return rateLimits.admit(context.limits(), nowMillis);
    }

    @Benchmark
    public BudgetDecision budgetsOfThreeLevelsReservedAndSettled() {
        BudgetDecision decision = budgets.reserve(context.budgets(), 40_000, nowMillis);
        budgets.settle(((BudgetDecision.Reserved) decision).reservation(), 30_000);
        return decision;
    }

    @Benchmark
    public BudgetDecision everything() {
        Authentication authentication = snapshot.authenticate(SECRET, now);
        KeyContext key = ((Authentication.Authenticated) authentication).context();
        key.access().check(plan);
        rateLimits.admit(key.limits(), nowMillis);
        BudgetDecision decision = budgets.reserve(key.budgets(), 40_000, nowMillis);
        budgets.settle(((BudgetDecision.Reserved) decision).reservation(), 30_000);
        rateLimits.charge(key.limits(), 1_000, nowMillis);
        return decision;
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder().include(AdmissionBenchmark.class.getSimpleName())
                .addProfiler("gc").build()).run();
    }
}
