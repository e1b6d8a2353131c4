package dev.heimdall.governance.health;

/** A circuit breaker's state, with the number a gauge reports for it. */
public enum CircuitState {
    /** Traffic flows; failures are counted. */
    CLOSED(0),
    /** The open interval is over: a trickle of probe requests tests whether the target recovered. */
    HALF_OPEN(1),
    /** The target failed too often: no traffic until the open interval ends. */
    OPEN(2);

    private final int gaugeValue;

    CircuitState(int gaugeValue) {
        this.gaugeValue = gaugeValue;
    }

    public int gaugeValue() {
        return gaugeValue;
    }
}
