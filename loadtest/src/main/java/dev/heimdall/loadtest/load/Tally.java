package dev.heimdall.loadtest.load;

import io.vertx.core.AsyncResult;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** Counts the outcomes of measured requests and their latencies; confined to the run's event-loop context. */
final class Tally {
    private final Histogram latency = new Histogram(LoadGenerator.MAX_LATENCY_MICROS, 3);
    private final Histogram ttfb = new Histogram(LoadGenerator.MAX_LATENCY_MICROS, 3);
    private final Map<Integer, Long> statuses = new TreeMap<>();
    private long ok;
    private long non2xx;
    private long connectErrors;
    private long timeouts;

    /** Records one measured request whose latency counts from {@code fromNanos} (its intended or actual start). */
    void record(AsyncResult<Exchange.Reply> ar, long fromNanos) {
        if (ar.succeeded()) {
            int status = ar.result().status();
            statuses.merge(status, 1L, Long::sum);
            if (status >= 200 && status < 300) {
                ok++;
                latency.recordValue(LoadGenerator.micros(System.nanoTime() - fromNanos));
                ttfb.recordValue(LoadGenerator.micros(ar.result().headersAt() - fromNanos));
            } else {
                non2xx++;
            }
        } else if (LoadGenerator.isTimeout(ar.cause())) {
            timeouts++;
        } else {
            connectErrors++;
        }
    }

    /** Measured requests with an outcome so far. */
    long settled() {
        return ok + non2xx + connectErrors + timeouts;
    }

    /** The result; measured requests still unanswered count as timeouts. */
    LoadResult result(long sent, long measured, double seconds) {
        return new LoadResult(sent, measured, ok, non2xx, connectErrors, timeouts + Math.max(0, measured - settled()),
                Map.copyOf(statuses), latency, ttfb, seconds);
    }
}
