package dev.heimdall.governance.limits;

import dev.heimdall.governance.hierarchy.Level;
import dev.heimdall.governance.hierarchy.Owner;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitAdmissionTest {

    private static final long NOW = LimitWindow.MINUTE.startOf(1_764_000_000_000L) + 15_000;
    private static final long MINUTE_END = LimitWindow.MINUTE.resetAfter(NOW);

    private final LocalQuotaStore store = new LocalQuotaStore();
    private final RateLimitAdmission admission = new RateLimitAdmission(store);
    private final Owner key = new Owner(Level.KEY, "dev");
    private final Owner team = new Owner(Level.TEAM, "ml");

    private static AppliedLimit limit(Owner owner, LimitKind kind, LimitWindow window, long limit) {
        return new AppliedLimit(owner, null, new RateLimitSpec.Limit(kind, window, limit));
    }

    @Test
    void admitsAndReportsTheMostRestrictiveLimitOfEachKind() {
        List<AppliedLimit> limits = List.of(
                limit(key, LimitKind.REQUESTS, LimitWindow.MINUTE, 10),
                limit(key, LimitKind.REQUESTS, LimitWindow.HOUR, 3),
                limit(key, LimitKind.TOKENS, LimitWindow.MINUTE, 1_000),
                limit(team, LimitKind.TOKENS, LimitWindow.DAY, 50_000));

        RateLimitDecision decision = admission.admit(limits, NOW);

        assertThat(decision).isEqualTo(new RateLimitDecision.Admitted(
                new RateLimitDecision.Status(3, 2, LimitWindow.HOUR.resetAfter(NOW)),
                new RateLimitDecision.Status(1_000, 1_000, MINUTE_END)));
    }

    @Test
    void onATieTheLimitThatResetsFirstIsReported() {
        List<AppliedLimit> limits = List.of(
                limit(key, LimitKind.REQUESTS, LimitWindow.HOUR, 5),
                limit(key, LimitKind.REQUESTS, LimitWindow.MINUTE, 5));

        RateLimitDecision.Admitted admitted = (RateLimitDecision.Admitted) admission.admit(limits, NOW);

        assertThat(admitted.requests().resetAtMillis()).isEqualTo(MINUTE_END);
        assertThat(admitted.tokens()).isNull();
    }

    @Test
    void aRefusalByOneLevelTakesNothingFromTheOthers() {
        AppliedLimit keyLimit = limit(key, LimitKind.REQUESTS, LimitWindow.MINUTE, 10);
        AppliedLimit teamLimit = limit(team, LimitKind.REQUESTS, LimitWindow.MINUTE, 1);
        List<AppliedLimit> limits = List.of(keyLimit, teamLimit);
        admission.admit(limits, NOW);

        RateLimitDecision decision = admission.admit(limits, NOW);

        assertThat(decision).isEqualTo(new RateLimitDecision.Limited(teamLimit, MINUTE_END, MINUTE_END - NOW));
        assertThat(store.check(keyLimit.counterAt(NOW), 10).remaining()).as("the key's permit was returned").isEqualTo(9);
        assertThat(((RateLimitDecision.Limited) decision).message())
                .isEqualTo("rate limit of team 'ml': 1 request per minute reached; retry in 45s");
    }

    @Test
    void tokenLimitsAdmitWhileTheWindowHasRoomAndAreChargedAfterwards() {
        AppliedLimit tokens = limit(key, LimitKind.TOKENS, LimitWindow.MINUTE, 1_000);
        AppliedLimit requests = limit(key, LimitKind.REQUESTS, LimitWindow.MINUTE, 100);
        List<AppliedLimit> limits = List.of(requests, tokens);

        admission.admit(limits, NOW);
        admission.charge(limits, 999, NOW);
        RateLimitDecision.Admitted admitted = (RateLimitDecision.Admitted) admission.admit(limits, NOW);
        assertThat(admitted.tokens().remaining()).isEqualTo(1);
        admission.charge(limits, 700, NOW);

        RateLimitDecision refused = admission.admit(limits, NOW);

        assertThat(refused).isEqualTo(new RateLimitDecision.Limited(tokens, MINUTE_END, MINUTE_END - NOW));
        assertThat(store.check(requests.counterAt(NOW), 100).remaining())
                .as("a request refused on tokens takes no request permit").isEqualTo(98);
        assertThat(admission.admit(limits, MINUTE_END)).as("the next window starts afresh")
                .isInstanceOf(RateLimitDecision.Admitted.class);
    }

    @Test
    void providerLimitsAreChargedWithTheTokensOfTheProviderThatAnswered() {
        AppliedLimit onGroq = new AppliedLimit(key, "groq", new RateLimitSpec.Limit(LimitKind.TOKENS, LimitWindow.MINUTE, 100));
        assertThat(onGroq.subject()).isEqualTo("key:dev/provider:groq");

        admission.charge(List.of(onGroq), 150, NOW);

        RateLimitDecision.Limited limited = (RateLimitDecision.Limited) admission.admit(List.of(onGroq), NOW);
        assertThat(limited.message()).startsWith("rate limit of virtual key 'dev' on provider 'groq': 100 tokens per minute");
    }

    @Test
    void noLimitsMeansUnlimited() {
        assertThat(admission.admit(List.of(), NOW)).isSameAs(RateLimitDecision.Admitted.UNLIMITED);
    }

    @Test
    void aSteadyStreamReusesOneCounterPerWindow() {
        AppliedLimit limit = limit(key, LimitKind.REQUESTS, LimitWindow.MINUTE, 10);
        assertThat(limit.counterAt(NOW)).isSameAs(limit.counterAt(NOW + 1_000));
        assertThat(limit.counterAt(MINUTE_END).windowStartMillis()).isEqualTo(MINUTE_END);
    }
}
