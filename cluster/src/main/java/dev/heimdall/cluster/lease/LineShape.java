package dev.heimdall.cluster.lease;

/**
 * What a store's lines are: how a key is named in the map, whether its line leases blocks (request permits, budget)
 * or only counts what was used (token limits, charged after the fact), and when it ends.
 */
public interface LineShape<K> {

    String mapKey(K key);

    boolean leases(K key);

    /** When the line's window ends and its lease is returned; {@link Long#MAX_VALUE} for lines that never end. */
    long endsAtMillis(K key);

    /** When the map entry may be dropped; 0 to keep it. */
    long keepUntilMillis(K key);
}
