package dev.heimdall.cluster.lease;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/**
 * The split-brain merge policy of the lease maps: when the halves of a split cluster meet again, each line keeps
 * every store's latest report from either half ({@link LeaseLine#merge}), so the healed line counts what both halves
 * admitted and the rest of the window is refused if together they went over. Hazelcast's default (keep the larger
 * cluster's entry) would forget the smaller half's spend.
 */
public final class LeaseLineMerge implements SplitBrainMergePolicy<LeaseLine, MergingValue<LeaseLine>, Object> {

    @Override
    public Object merge(MergingValue<LeaseLine> merging, MergingValue<LeaseLine> existing) {
        LeaseLine incoming = merging.getDeserializedValue();
        if (existing == null || existing.getDeserializedValue() == null) {
            return incoming;
        }
        return incoming == null ? existing.getDeserializedValue() : existing.getDeserializedValue().merge(incoming);
    }

    @Override
    public void writeData(ObjectDataOutput out) {
        // stateless: nothing to write
    }

    @Override
    public void readData(ObjectDataInput in) {
        // stateless: nothing to read
    }
}
