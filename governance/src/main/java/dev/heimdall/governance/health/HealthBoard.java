package dev.heimdall.governance.health;

/**
 * A {@link HealthView} that learns from observations. The node feeds it one {@link Observation} per finished
 * upstream attempt; a cluster implementation may add its peers' observations to the same board, or merge their
 * boards' views, without the routing noticing.
 */
public interface HealthBoard extends HealthView {

    void observe(Observation observation);

    /** Forgets everything learned: scores, circuits, cooldowns and dead keys. */
    void clear();
}
