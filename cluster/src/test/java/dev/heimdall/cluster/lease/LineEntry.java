package dev.heimdall.cluster.lease;

import com.hazelcast.map.ExtendedMapEntry;

import java.util.concurrent.TimeUnit;

/** One map entry for running entry processors without a cluster. */
final class LineEntry implements ExtendedMapEntry<String, LeaseLine> {

    private final String key;
    private LeaseLine value;
    long ttlMillis = -1;

    LineEntry(String key, LeaseLine value) {
        this.key = key;
        this.value = value;
    }

    @Override
    public String getKey() {
        return key;
    }

    @Override
    public LeaseLine getValue() {
        return value;
    }

    @Override
    public LeaseLine setValue(LeaseLine next) {
        LeaseLine previous = value;
        value = next;
        return previous;
    }

    @Override
    public LeaseLine setValue(LeaseLine next, long ttl, TimeUnit unit) {
        ttlMillis = unit.toMillis(ttl);
        return setValue(next);
    }

    @Override
    public LeaseLine setValueWithoutChangingExpiryTime(LeaseLine next) {
        return setValue(next);
    }
}
