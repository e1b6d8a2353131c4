package dev.heimdall.governance.guardrails;

import java.util.ArrayList;
import java.util.List;

/**
 * Scans a streamed response chunk by chunk, so that a secret split across chunks is still caught whole. It holds the
 * last {@code window} characters back (the longest match a rule needs), scans what it holds once a quarter of a
 * window of new text has arrived, and releases only text that no match can still reach into: a match or a
 * near-match (a pattern hit that a check turned down for now) that crosses the release point holds the release back
 * to its start, and so does an unterminated private-key block. Findings carry offsets in the whole stream. One
 * instance per stream; not thread-safe.
 */
public final class StreamScanner {

    private final GuardrailEngine engine;
    private final int window;
    /** Beyond this much held text the scanner releases anyway, bounding memory on hostile or degenerate output. */
    private final int maxHeld;
    /**
     * How much new text to gather before scanning again: a scan covers the whole window, so scanning after every
     * few-character chunk of a model's output would scan each character dozens of times.
     */
    private final int step;
    private final StringBuilder held = new StringBuilder();
    private int nextScan;
    private int released;

    StreamScanner(GuardrailEngine engine, int window) {
        this.engine = engine;
        this.window = window;
        this.maxHeld = Math.max(64 * 1024, 16 * window);
        this.step = Math.max(16, window / 4);
        this.nextScan = window + step;
    }

    public Emission push(CharSequence chunk) {
        held.append(chunk);
        if (held.length() < nextScan) {
            return Emission.NOTHING;
        }
        Inspection inspection = engine.inspect(held, true);
        List<Inspection.Detection> detections = inspection.detections();
        int limit = held.length() - window;
        int cut = holdBack(limit, detections, inspection);
        if (held.length() > maxHeld && cut < limit) {
            cut = forced(limit, detections);
        }
        Emission emission = cut <= 0 ? Emission.NOTHING : release(cut, detections);
        nextScan = Math.max(held.length(), window) + step;
        return emission;
    }

    /** The end of the stream: scans and releases everything held. */
    public Emission finish() {
        Inspection inspection = engine.inspect(held, false);
        return release(held.length(), inspection.detections());
    }

    private int holdBack(int limit, List<Inspection.Detection> detections, Inspection inspection) {
        int cut = limit;
        int open = engine.openFrom(held);
        if (open >= 0) {
            cut = Math.min(cut, open);
        }
        boolean moved = true;
        while (moved) {
            moved = false;
            for (Inspection.Detection d : detections) {
                if (d.match().extentStart() < cut && d.match().extentEnd() > cut) {
                    cut = d.match().extentStart();
                    moved = true;
                }
            }
            for (int k = 0; k < inspection.rejectedCount(); k++) {
                if (inspection.rejectedStart(k) < cut && inspection.rejectedEnd(k) > cut) {
                    cut = inspection.rejectedStart(k);
                    moved = true;
                }
            }
        }
        return cut;
    }

    /** Releases up to the window, extended past any redacted match it would split, so that match goes out masked. */
    private static int forced(int limit, List<Inspection.Detection> detections) {
        int cut = limit;
        for (Inspection.Detection d : detections) {
            if (d.masked() && d.match().start() < cut && d.match().end() > cut) {
                cut = Math.max(cut, d.match().end());
            }
        }
        return cut;
    }

    private Emission release(int cut, List<Inspection.Detection> detections) {
        List<Inspection.Detection> inside = new ArrayList<>(detections.size());
        for (Inspection.Detection d : detections) {
            if (d.match().start() < cut && d.match().end() <= cut) {
                inside.add(d);
            }
        }
        List<Finding> findings = new ArrayList<>(inside.size());
        boolean blocked = false;
        boolean masked = false;
        for (Inspection.Detection d : inside) {
            findings.add(GuardrailEngine.finding(d, 0, released));
            blocked |= d.action() == Action.BLOCK;
            masked |= d.masked();
        }
        String text = masked ? Masking.apply(held, 0, cut, inside) : held.substring(0, cut);
        held.delete(0, cut);
        released += cut;
        return new Emission(text, findings, blocked);
    }
}
