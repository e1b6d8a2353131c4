package dev.heimdall.node.pipeline;

import dev.heimdall.governance.guardrails.Finding;
import dev.heimdall.governance.keys.KeyContext;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one request accumulates on its way through the pipeline: its id, where it went, every attempt, and the
 * clock marks from which the gateway's own overhead is computed. Confined to the request's event loop.
 */
public final class RequestScope {

    private final String requestId;
    private final String ingress;
    private final long startNanos;
    private final List<AttemptRecord> attempts = new ArrayList<>(2);
    private long upstreamNanos;
    private String provider = "none";
    private String model = "none";
    private String key = "none";
    private int attemptsStarted;
    private String rule;
    private long clientTimeoutMillis = -1;
    private KeyContext keyContext;
    private double budgetUsedPercent;
    private GovernanceTicket ticket;
    private boolean settled;
    private boolean recorded;
    private String requestedModel;
    private long firstTokenNanos = -1;
    private Buffer requestBody;
    private ResponseText responseText;
    private List<Finding> guardrailFindings = List.of();

    public RequestScope(String requestId, String ingress, long startNanos) {
        this.requestId = requestId;
        this.ingress = ingress;
        this.startNanos = startNanos;
    }

    /** The client asked for an answer within this many milliseconds ({@code x-heimdall-timeout-ms}); -1: it did not. */
    public void clientTimeoutMillis(long millis) {
        this.clientTimeoutMillis = millis;
    }

    public long clientTimeoutMillis() {
        return clientTimeoutMillis;
    }

    public String requestId() {
        return requestId;
    }

    public String ingress() {
        return ingress;
    }

    public long startNanos() {
        return startNanos;
    }

    public List<AttemptRecord> attempts() {
        return attempts;
    }

    public void addAttempt(AttemptRecord attempt) {
        attempts.add(attempt);
    }

    /** Time spent waiting on upstreams; subtracted from the total to get the gateway's overhead. */
    public void addUpstreamNanos(long nanos) {
        upstreamNanos += nanos;
    }

    public long overheadNanos(long nowNanos) {
        return nowNanos - startNanos - upstreamNanos;
    }

    /** A new attempt starts towards this target. */
    public void attempt(String provider, String model, String key) {
        this.provider = provider;
        this.model = model;
        this.key = key;
        attemptsStarted++;
    }

    /** The routing rule that chose this request's route, or null. */
    public String rule() {
        return rule;
    }

    public void rule(String rule) {
        this.rule = rule;
    }

    public int attemptsStarted() {
        return attemptsStarted;
    }

    public String key() {
        return key;
    }

    public String provider() {
        return provider;
    }

    public String model() {
        return model;
    }

    /** The authenticated virtual key, or null when authentication is off. */
    public KeyContext keyContext() {
        return keyContext;
    }

    public void keyContext(KeyContext keyContext, double budgetUsedPercent) {
        this.keyContext = keyContext;
        this.budgetUsedPercent = budgetUsedPercent;
    }

    /** The share of the key's tightest budget already committed, as routing rules see it. */
    public double budgetUsedPercent() {
        return budgetUsedPercent;
    }

    /** What admission reserved and took for this request, settled once when it is over; null before admission. */
    public GovernanceTicket ticket() {
        return ticket;
    }

    public void ticket(GovernanceTicket ticket) {
        this.ticket = ticket;
    }

    /**
     * What guardrails found in the request and then in the response, in that order: each finding names its rule and
     * action and where the match was, never the matched text. Empty when nothing was found.
     */
    public List<Finding> guardrailFindings() {
        return Collections.unmodifiableList(guardrailFindings);
    }

    public void addGuardrailFindings(List<Finding> findings) {
        if (findings.isEmpty()) {
            return;
        }
        if (guardrailFindings.isEmpty()) {
            guardrailFindings = new ArrayList<>(findings.size());
        }
        guardrailFindings.addAll(findings);
    }

    /** @return true the first time only: a request is settled once, whichever way it ended */
    public boolean markSettled() {
        if (settled) {
            return false;
        }
        settled = true;
        return true;
    }

    /** @return true the first time only: a request is recorded (metrics, audit) once, whichever way it ended */
    public boolean markRecorded() {
        if (recorded) {
            return false;
        }
        recorded = true;
        return true;
    }

    /** The model the client asked for, as routing read it; null before routing. */
    public String requestedModel() {
        return requestedModel;
    }

    public void requestedModel(String model) {
        this.requestedModel = model;
    }

    /** When the first streamed bytes of an upstream answer arrived ({@link System#nanoTime()}); -1 before. */
    public long firstTokenNanos() {
        return firstTokenNanos;
    }

    public void firstToken(long nanos) {
        if (firstTokenNanos < 0) {
            firstTokenNanos = nanos;
        }
    }

    /** The body the client sent, once it was read; null before (or without one). */
    public Buffer requestBody() {
        return requestBody;
    }

    public void requestBody(Buffer body) {
        this.requestBody = body;
    }

    /** Where the answer's text is kept for the audit log; null when the audit log keeps no bodies. */
    public ResponseText responseText() {
        return responseText;
    }

    public void captureResponse(ResponseText text) {
        this.responseText = text;
    }

    /** What the guardrails found in this request and its answer, for the audit log; never the matched text. */
}
