package dev.heimdall.loadtest.load;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * Holds {@code concurrency} chat streams open: each client opens a stream, reads it to its end, and opens the next.
 * For every stream it records the time to the first content event and the gaps between content events, as the
 * bytes arrive (a proxy that buffers shows up as a late first token and bunched gaps).
 */
public final class StreamGenerator {

    private StreamGenerator() {
    }

    public static Future<StreamResult> run(Vertx vertx, ConcurrentLoadConfig config) {
        return ClosedLoopRun.launch(vertx, v -> new Run(v, config));
    }

    private static final class Run extends ClosedLoopRun<StreamResult> {
        private final Histogram ttft = new Histogram(LoadGenerator.MAX_LATENCY_MICROS, 3);
        private final Histogram gap = new Histogram(LoadGenerator.MAX_LATENCY_MICROS, 3);
        private long completed;
        private long non2xx;
        private long failed;

        Run(Vertx vertx, ConcurrentLoadConfig config) {
            super(vertx, config);
        }

        @Override
        protected Future<?> exchange(long sentAt, boolean measured) {
            Stream stream = new Stream(sentAt);
            return client.request(options)
                    .compose(req -> req.send(body))
                    .compose(stream::read)
                    .andThen(ar -> {
                        if (measured && !done()) {
                            stream.settle(ar.succeeded() ? ar.result() : -1);
                        }
                    });
        }

        @Override
        protected StreamResult result(long sent, long measured, double seconds) {
            long unsettled = Math.max(0, measured - (completed + non2xx + failed));
            return new StreamResult(measured, completed, non2xx, failed + unsettled, ttft, gap, seconds);
        }

        /** One stream's timing, recorded into the run's histograms only once it ended well. */
        private final class Stream {
            private final long sentAt;
            private final SseContentScanner scanner = new SseContentScanner();
            private long[] gaps = new long[32];
            private int gapCount;
            private long firstAt = -1;
            private long lastAt;

            Stream(long sentAt) {
                this.sentAt = sentAt;
            }

            Future<Integer> read(HttpClientResponse resp) {
                int status = resp.statusCode();
                resp.handler(piece -> {
                    int events = scanner.feed(piece.getBytes());
                    if (events > 0) {
                        long now = System.nanoTime();
                        if (firstAt < 0) {
                            firstAt = now;
                        } else {
                            addGap(LoadGenerator.micros(now - lastAt));
                        }
                        // events arriving together have no gap between them: the proxy (or TCP) bunched them
                        for (int i = 1; i < events; i++) {
                            addGap(0);
                        }
                        lastAt = now;
                    }
                });
                return resp.end().map(v -> status);
            }

            private void addGap(long micros) {
                if (gapCount == gaps.length) {
                    gaps = Arrays.copyOf(gaps, gapCount * 2);
                }
                gaps[gapCount++] = micros;
            }

            void settle(int status) {
                if (status < 0) {
                    failed++;
                } else if (status < 200 || status >= 300) {
                    non2xx++;
                } else if (firstAt < 0) {
                    failed++;
                } else {
                    completed++;
                    ttft.recordValue(LoadGenerator.micros(firstAt - sentAt));
                    for (int i = 0; i < gapCount; i++) {
                        gap.recordValue(gaps[i]);
                    }
                }
            }
        }
    }
}
