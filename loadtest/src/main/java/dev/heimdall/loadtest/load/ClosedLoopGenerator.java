package dev.heimdall.loadtest.load;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Saturation load: {@code concurrency} clients in a closed loop, each on its own keep-alive connection, sending the
 * next request when the previous one is answered. Throughput is the 2xx responses to requests started in the
 * measured period, per second of that period. Latency here is service time under saturation, not what a user at a
 * fixed rate would see (that is {@link LoadGenerator}'s job).
 */
public final class ClosedLoopGenerator {

    private ClosedLoopGenerator() {
    }

    public static Future<LoadResult> run(Vertx vertx, ConcurrentLoadConfig config) {
        Context context = vertx.getOrCreateContext();
        Promise<LoadResult> promise = Promise.promise();
        context.runOnContext(v -> new Run(vertx, config, promise).start());
        return promise.future();
    }

    private static final class Run {
        private final Vertx vertx;
        private final ConcurrentLoadConfig config;
        private final Promise<LoadResult> promise;
        private final HttpClientAgent client;
        private final RequestOptions options;
        private final Buffer body;
        private final Histogram latency = new Histogram(LoadGenerator.MAX_LATENCY_MICROS, 3);
        private final Histogram ttfb = new Histogram(LoadGenerator.MAX_LATENCY_MICROS, 3);
        private final Map<Integer, Long> statuses = new TreeMap<>();
        private long measureFrom;
        private long stopAt;
        private long sent;
        private long measured;
        private long ok;
        private long non2xx;
        private long connectErrors;
        private long timeouts;
        private int inFlight;
        private boolean done;

        Run(Vertx vertx, ConcurrentLoadConfig config, Promise<LoadResult> promise) {
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
            boolean measure = now >= measureFrom;
            if (measure) {
                measured++;
            }
            long[] headersAt = new long[1];
            client.request(options)
                    .compose(req -> req.send(body))
                    .compose(resp -> {
                        headersAt[0] = System.nanoTime();
                        int status = resp.statusCode();
                        return resp.body().map(b -> status);
                    })
                    .onComplete(ar -> {
                        inFlight--;
                        if (measure && !done) {
                            if (ar.succeeded()) {
                                int status = ar.result();
                                statuses.merge(status, 1L, Long::sum);
                                if (status >= 200 && status < 300) {
                                    ok++;
                                    latency.recordValue(LoadGenerator.micros(System.nanoTime() - now));
                                    ttfb.recordValue(LoadGenerator.micros(headersAt[0] - now));
                                } else {
                                    non2xx++;
                                }
                            } else if (LoadGenerator.isTimeout(ar.cause())) {
                                timeouts++;
                            } else {
                                connectErrors++;
                            }
                        }
                        next();
                    });
        }

        private void finish() {
            if (done) {
                return;
            }
            done = true;
            timeouts += measured - (ok + non2xx + connectErrors + timeouts);
            client.close();
            promise.complete(new LoadResult(sent, measured, ok, non2xx, connectErrors, timeouts, Map.copyOf(statuses),
                    latency, ttfb, config.duration().toNanos() / 1e9));
        }
    }
}
