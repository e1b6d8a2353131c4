package dev.heimdall.governance.guardrails;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** What the detectors reported for one text, with the policy's action for each match. Single use. */
final class Inspection implements MatchSink {

    /** A match the policy acts on. */
    record Detection(Match match, Action action) {
        boolean masked() {
            return action != Action.FLAG;
        }
    }

    private static final Comparator<Detection> ORDER = Comparator
            .comparingInt((Detection d) -> d.match().start())
            .thenComparing(Comparator.comparingInt((Detection d) -> d.match().end()).reversed());

    private final GuardrailPolicy policy;
    private final boolean keepRejected;
    private List<Detection> detections = List.of();
    private int[] rejected = new int[0];
    private int rejectedCount;

    Inspection(GuardrailPolicy policy, boolean keepRejected) {
        this.policy = policy;
        this.keepRejected = keepRejected;
    }

    @Override
    public void match(Match match) {
        Action action = policy.actionFor(match.ruleId(), match.category());
        if (action != null) {
            if (detections.isEmpty()) {
                detections = new ArrayList<>(4);
            }
            detections.add(new Detection(match, action));
        }
    }

    @Override
    public void rejected(int start, int end) {
        if (!keepRejected) {
            return;
        }
        if (rejected.length == rejectedCount * 2) {
            rejected = Arrays.copyOf(rejected, Math.max(8, rejected.length * 2));
        }
        rejected[rejectedCount * 2] = start;
        rejected[rejectedCount * 2 + 1] = end;
        rejectedCount++;
    }

    /** The detections in text order (by start, the longer first). */
    List<Detection> detections() {
        if (detections.size() > 1) {
            detections.sort(ORDER);
        }
        return detections;
    }

    int rejectedCount() {
        return rejectedCount;
    }

    int rejectedStart(int k) {
        return rejected[k * 2];
    }

    int rejectedEnd(int k) {
        return rejected[k * 2 + 1];
    }
}
