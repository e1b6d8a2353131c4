package dev.heimdall.loadtest.load;

import org.HdrHistogram.Histogram;

/**
 * What a streaming run measured (warm-up excluded). Times are in microseconds.
 *
 * @param started       streams started in the measured period
 * @param completed     of those, streams answered 2xx that ended normally with at least one content event
 * @param non2xx        answered with another status
 * @param failed        broke off, timed out or carried no content
 * @param ttft          from sending the request to the first content event
 * @param gap           between consecutive content events of one stream
 * @param seconds       the measured period
 */
public record StreamResult(long started, long completed, long non2xx, long failed, Histogram ttft, Histogram gap,
                           double seconds) {

    public long errors() {
        return non2xx + failed;
    }
}
