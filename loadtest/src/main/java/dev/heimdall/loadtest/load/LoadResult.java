package dev.heimdall.loadtest.load;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What an open-loop run measured (warm-up excluded). Latencies are in microseconds from each request's INTENDED
 * send time to the end of its response body, which corrects for coordinated omission.
 *
 * @param sent          requests sent, warm-up included
 * @param measured      requests scheduled after the warm-up
 * @param ok            measured requests answered with 2xx
 * @param non2xx        measured requests answered with another status
 * @param connectErrors measured requests that failed on the connection (refused, reset, closed)
 * @param timeouts      measured requests that timed out or were still unanswered at the end
 * @param statuses      count per status code of the measured requests
 * @param latency       latency of the 2xx measured requests, µs
 * @param ttfb          time to the response headers of the 2xx measured requests, µs
 * @param seconds       the measured period actually covered, in seconds
 */
public record LoadResult(long sent, long measured, long ok, long non2xx, long connectErrors, long timeouts,
                         Map<Integer, Long> statuses, Histogram latency, Histogram ttfb, double seconds) {

    public long errors() {
        return non2xx + connectErrors + timeouts;
    }

    /** Measured requests per second actually scheduled. */
    public double achievedRate() {
        return seconds > 0 ? measured / seconds : 0;
    }

    /** A one-paragraph human summary, latencies in ms with 3 decimals. */
    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "sent=%d measured=%d ok=%d non2xx=%d connectErrors=%d timeouts=%d rate=%.1f/s%n"
                        + "latency ms: p50=%.3f p90=%.3f p99=%.3f p99.9=%.3f max=%.3f%n"
                        + "ttfb    ms: p50=%.3f p90=%.3f p99=%.3f p99.9=%.3f max=%.3f%nstatuses=%s",
                sent, measured, ok, non2xx, connectErrors, timeouts, achievedRate(),
                ms(latency, 50), ms(latency, 90), ms(latency, 99), ms(latency, 99.9), latency.getMaxValue() / 1000.0,
                ms(ttfb, 50), ms(ttfb, 90), ms(ttfb, 99), ms(ttfb, 99.9), ttfb.getMaxValue() / 1000.0, statuses);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }
}
