package dev.heimdall.loadtest.load;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
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
        Context context = vertx.getOrCreateContext();
        Promise<StreamResult> promise = Promise.promise();
        context.runOnContext(v -> new Run(vertx, config, promise).start());
        return promise.future();
    }

    private static final class Run {
        private final Vertx vertx;
        private final ConcurrentLoadConfig config;
        private final Promise<StreamResult> promise;
        private final HttpClientAgent client;
        private final RequestOptions options;
        private final Buffer body;
        private final Histogram ttft = new Histogram(LoadGenerator.MAX_LATENCY_MICROS, 3);
        private final Histogram gap = new Histogram(LoadGenerator.MAX_LATENCY_MICROS, 3);
        private long measureFrom;
        private long stopAt;
        private long sent;
        private long started;
        private long completed;
        private long non2xx;
        private long failed;
        private int inFlight;
        private boolean done;

        Run(Vertx vertx, ConcurrentLoadConfig config, Promise<StreamResult> promise) {
            this.vertx = vertx;
            this.config = config;
            this.promise = promise;
            this.client = vertx.httpClientBuilder()
                    .with(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setPipelining(false))
                    .with(new PoolOptions().setHttp1MaxSize(config.concurrency()))
                    .build();
            this.options = config.request().options(config.timeout().toMillis());
            this.body = Buffer.buffer(config.request().body());
        }

        void start() {
            long now = System.nanoTime();
            measureFrom = now + config.warmup().toNanos();
            stopAt = measureFrom + config.duration().toNanos();
            vertx.setTimer(config.bound().toMillis(), t -> finish());
            for (int i = 0; i < config.concurrency(); i++) {
                next();
            }
        }

        private void next() {
            long now = System.nanoTime();
            if (done || now >= stopAt || sent >= config.maxRequests()) {
                if (inFlight == 0) {
                    finish();
                }
                return;
            }
            sent++;
            inFlight++;
            Stream stream = new Stream(now, now >= measureFrom);
            if (stream.measured) {
                started++;
            }
            client.request(options)
                    .compose(req -> req.send(body))
                    .compose(stream::read)
                    .onComplete(ar -> {
                        inFlight--;
                        if (stream.measured && !done) {
                            stream.settle(ar.succeeded() ? ar.result() : -1);
                        }
                        next();
                    });
        }

        private void finish() {
            if (done) {
                return;
            }
            done = true;
            failed += started - (completed + non2xx + failed);
            client.close();
            promise.complete(new StreamResult(started, completed, non2xx, failed, ttft, gap,
                    config.duration().toNanos() / 1e9));
        }

        /** One stream's timing, recorded into the run's histograms only once it ended well. */
        private final class Stream {
            private final long sentAt;
            private final boolean measured;
            private final SseContentScanner scanner = new SseContentScanner();
            private long[] gaps = new long[32];
            private int gapCount;
            private long firstAt = -1;
            private long lastAt;

            Stream(long sentAt, boolean measured) {
                this.sentAt = sentAt;
                this.measured = measured;
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
