package dev.heimdall.cluster.lease;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseRequestTest {

    private static final long NOW = 1_764_000_000_000L;
    private static final LeaseTerms TERMS = new LeaseTerms(5_000, 0.25);
    private static final UUID MEMBER_A = UUID.randomUUID();
    private static final UUID MEMBER_B = UUID.randomUUID();

    /** A request of store "a" on a limit of 100 among three admitting members. */
    private static LeaseRequest ask(String holder, long seq, long committed, long want, long need) {
        return new LeaseRequest(holder, MEMBER_A, seq, committed, committed, want, need, false, 100, 3, NOW, 0, TERMS);
    }

    private static Holding holding(UUID member, long allotted, long committed, long spent, long expiresAt) {
        return new Holding(member, allotted, allotted, 0, committed, spent, 1, expiresAt);
    }

    private static LeaseLine othersHolding(long allotted, long committed, long spent, long expiresAt) {
        return LeaseLine.startingAt(0, 0).with("b", holding(MEMBER_B, allotted, committed, spent, expiresAt));
    }

    @Test
    void grantsWhatIsWantedButAtMostAQuarterOfWhatNobodyHolds() {
        LineEntry entry = new LineEntry("line", othersHolding(20, 10, 10, NOW + 1_000));

        LeaseAnswer answer = ask("a", 1, 0, 50, 0).process(entry);

        assertThat(answer.allotted()).as("a quarter of 100 - 20").isEqualTo(20);
        assertThat(answer.others()).isEqualTo(new LineTotals(20, 10, 0));
        assertThat(entry.getValue().holders().get("a")).as("new to the line: it may have taken 100 / 3 already")
                .isEqualTo(new Holding(MEMBER_A, 20, 20, 33, 0, 0, 1, NOW + TERMS.lifetimeMillis()));
        assertThat(ask("a", 2, 5, 3, 0).process(entry).allotted()).as("a smaller wish is granted whole").isEqualTo(23);
        assertThat(entry.getValue().holders().get("a").claimed(NOW)).as("its first cap has lapsed").isEqualTo(23);
    }

    @Test
    void grantsOnePermitWhileAnyIsLeftAndNothingWhenNoneIs() {
        LineEntry entry = new LineEntry("line", othersHolding(99, 99, 99, NOW + 1_000));

        LeaseAnswer last = ask("a", 1, 0, 10, 0).process(entry);
        LeaseAnswer none = ask("a", 2, 1, 10, 0).process(entry);

        assertThat(last.allotted()).isEqualTo(1);
        assertThat(last.exhausted()).isTrue();
        assertThat(none.allotted()).isEqualTo(1);
    }

    @Test
    void aRefusedRequestGetsWhatItLacksWhenThePoolHasIt() {
        LineEntry entry = new LineEntry("line", othersHolding(60, 60, 60, NOW + 1_000));

        assertThat(ask("a", 1, 0, 1, 30).process(entry).allotted()).isEqualTo(30);
    }

    @Test
    void aRequestThePoolCannotCoverGivesTheUnusedRestBack() {
        LineEntry entry = new LineEntry("line", othersHolding(96, 96, 96, NOW + 1_000)
                .with("a", holding(MEMBER_A, 3, 1, 1, NOW + 1_000)));

        LeaseAnswer answer = ask("a", 2, 1, 1, 5).process(entry);

        assertThat(answer.allotted()).as("only what it committed").isEqualTo(1);
        assertThat(ask("c", 1, 0, 1, 3).process(entry).allotted())
                .as("while the answer is on its way, the store may still use its old lease").isZero();
        ask("a", 3, 1, 0, 0).process(entry);
        assertThat(ask("c", 2, 0, 1, 3).process(entry).allotted()).as("then the pool has the returned permits")
                .isEqualTo(3);
    }

    @Test
    void aStoreThatTookBeyondItsLeaseGetsItsLocalShareAsCapAndNobodyElseIsLeasedIt() {
        LineEntry entry = new LineEntry("line",
                LeaseLine.startingAt(0, 0).with("a", holding(MEMBER_A, 5, 5, 5, NOW + 1_000)));

        LeaseAnswer burst = ask("a", 2, 10, 1, 0).process(entry);

        assertThat(burst.allotted()).isEqualTo(11);
        assertThat(burst.cap()).as("min(100 / 3, 11 + 89 / 3)").isEqualTo(33);
        LeaseAnswer other = ask("b", 1, 0, 100, 0).process(entry);
        assertThat(other.others().claimed()).isEqualTo(33);
        assertThat(other.allotted()).as("a quarter of what is left beside a's share").isEqualTo(16);

        LeaseAnswer steady = ask("a", 3, 11, 1, 0).process(entry);
        assertThat(steady.cap()).as("back within its lease: its lease is its cap").isEqualTo(steady.allotted());
        assertThat(entry.getValue().holders().get("a").claimed(NOW)).as("until its next report").isEqualTo(33);
    }

    @Test
    void theOnlyAdmittingMemberMayTakeEverythingLeft() {
        LineEntry entry = new LineEntry("line", LeaseLine.startingAt(0, 0));

        LeaseAnswer answer = new LeaseRequest("a", MEMBER_A, 1, 0, 0, 1, 0, false, 100, 1, NOW, 0, TERMS)
                .process(entry);

        assertThat(answer.allotted()).isEqualTo(1);
        assertThat(answer.cap()).isEqualTo(100);
    }

    @Test
    void countsWithoutLeasingOnlyWhatWasUsedAndIsAnsweredWhatOthersUsed() {
        LineEntry entry = new LineEntry("line", null);

        LeaseAnswer report = ask("a", 1, 40, 0, 0).process(entry);

        assertThat(report.allotted()).isEqualTo(40);
        assertThat(report.others()).as("no shares kept for members unseen on this young line")
                .isEqualTo(LineTotals.NONE);
        assertThat(entry.getValue().holders().get("a").claimed(NOW)).isEqualTo(40);
    }

    @Test
    void onAYoungLineTheFirstShareOfEveryMemberThatHasNotReportedYetIsKeptOutOfThePool() {
        LineEntry entry = new LineEntry("line", null);

        LeaseAnswer first = ask("a", 1, 10, 100, 0).process(entry);

        assertThat(first.others().claimed()).as("two members unseen, 33 each").isEqualTo(66);
        assertThat(first.allotted()).as("10 + a quarter of 100 - 66 - 10").isEqualTo(16);
        assertThat(ask("b", 1, 1, 1, 0).process(entry).others().claimed()).as("a's share, and c's").isEqualTo(33 + 33);
        LeaseAnswer later = new LeaseRequest("a", MEMBER_A, 2, 16, 16, 100, 0, false, 100, 3,
                NOW + TERMS.lifetimeMillis(), 0, TERMS).process(entry);
        assertThat(later.others().claimed()).as("a member that has not come by now is not waited for").isEqualTo(1);
    }

    @Test
    void aStoreThatOnlyReadsWritesNothing() {
        LineEntry absent = new LineEntry("line", null);
        LineEntry present = new LineEntry("line", othersHolding(20, 10, 10, NOW + 1_000));

        LeaseAnswer nothing = ask("a", 1, 0, 0, 0).process(absent);
        LeaseAnswer others = ask("a", 1, 0, 0, 0).process(present);

        assertThat(absent.getValue()).isNull();
        assertThat(nothing.others()).as("nothing kept for unseen members: it leases nothing")
                .isEqualTo(LineTotals.NONE);
        assertThat(present.getValue().holders()).containsOnlyKeys("b");
        assertThat(others.others()).isEqualTo(new LineTotals(20, 10, 0));
    }

    @Test
    void anExpiredLeaseCountsOnlyItsSettledSpend() {
        LineEntry entry = new LineEntry("line", othersHolding(50, 40, 30, NOW));

        LeaseAnswer answer = ask("a", 1, 0, 100, 0).process(entry);

        assertThat(answer.others()).isEqualTo(new LineTotals(30, 30, 0));
        assertThat(answer.allotted()).isEqualTo((100 - 30) / 4);
    }

    @Test
    void aLateRequestChangesNothing() {
        LineEntry entry = new LineEntry("line", LeaseLine.startingAt(0, 0));
        ask("a", 5, 7, 4, 0).process(entry);
        LeaseLine before = entry.getValue();

        LeaseAnswer late = ask("a", 4, 3, 10, 0).process(entry);

        assertThat(entry.getValue()).isEqualTo(before);
        assertThat(late.seq()).isEqualTo(4);
    }

    @Test
    void givingBackLeavesOnlyWhatWasCommitted() {
        LineEntry entry = new LineEntry("line", LeaseLine.startingAt(0, 0));
        ask("a", 1, 0, 20, 0).process(entry);

        LeaseAnswer answer = new LeaseRequest("a", MEMBER_A, 2, 6, 6, 0, 0, true, 100, 3, NOW, 0, TERMS)
                .process(entry);

        assertThat(answer.allotted()).isEqualTo(6);
        assertThat(entry.getValue().holders().get("a").claimed(NOW)).isEqualTo(6);
    }

    @Test
    void aWindowEntryLivesUntilItsKeepTime() {
        LineEntry entry = new LineEntry("line", null);

        new LeaseRequest("a", MEMBER_A, 1, 1, 1, 1, 0, false, 100, 3, NOW, 120_000, TERMS).process(entry);

        assertThat(entry.ttlMillis).isEqualTo(120_000);
        assertThat(entry.getValue().holders()).containsOnlyKeys("a");
    }

    @Test
    void reclaimingAMemberEndsItsLeasesButKeepsItsSpend() {
        LineEntry entry = new LineEntry("line", othersHolding(50, 40, 30, NOW + 1_000)
                .with("a", holding(MEMBER_A, 10, 5, 5, NOW + 1_000)));

        new ReclaimMember(MEMBER_B).process(entry);

        Map<String, Holding> holders = entry.getValue().holders();
        assertThat(holders.get("b").claimed(NOW)).isEqualTo(30);
        assertThat(holders.get("b").inFlight(NOW)).isZero();
        assertThat(holders.get("a").claimed(NOW)).as("other members keep theirs").isEqualTo(10);
    }

    @Test
    void theHalvesOfASplitMergeWithEachHoldersLatestReport() {
        LeaseLine left = new LeaseLine(100, Map.of(
                "a", new Holding(MEMBER_A, 10, 10, 0, 10, 10, 7, NOW),
                "b", new Holding(MEMBER_B, 5, 5, 0, 5, 5, 2, NOW)), NOW);
        LeaseLine right = new LeaseLine(100, Map.of(
                "b", new Holding(MEMBER_B, 30, 30, 0, 30, 30, 9, NOW),
                "c", new Holding(MEMBER_B, 4, 4, 0, 4, 4, 1, NOW)), NOW - 5);

        LeaseLine merged = left.merge(right);

        assertThat(merged).isEqualTo(right.merge(left));
        assertThat(merged.othersOf("", NOW)).isEqualTo(new LineTotals(144, 144, 0));
        assertThat(merged.createdAtMillis()).isEqualTo(NOW - 5);
    }
}
