package dev.heimdall.loadtest.load;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.RequestOptions;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An open-loop, constant-rate HTTP load generator. Request {@code i} has the intended send time
 * {@code start + i / rate}; a 1 ms periodic timer sends every request whose intended time has passed, whether or
 * not earlier ones were answered, and latency is measured from the intended time (so a stalled target shows up in
 * every request it delays: no coordinated omission). Everything runs on one event-loop context; a run is bounded by
 * its schedule ({@link LoadConfig#plannedRequests()}) and by the timeout for stragglers at the end.
 */
public final class LoadGenerator {
    /** Highest latency the histograms track: 60 s, in µs. */
    public static final long MAX_LATENCY_MICROS = TimeUnit.SECONDS.toMicros(60);

    private LoadGenerator() {
    }

    /** Runs {@code config} and completes with what the measured period saw. */
    public static Future<LoadResult> run(Vertx vertx, LoadConfig config) {
        Context context = vertx.getOrCreateContext();
        Promise<LoadResult> promise = Promise.promise();
        context.runOnContext(v -> new Run(vertx, config, promise).start());
        return promise.future();
    }

    /** Whether a failed request failed by timing out (Vert.x reports idle timeouts with a message, not a type). */
    static boolean isTimeout(Throwable t) {
        if (t instanceof TimeoutException) {
            return true;
        }
        String m = t.getMessage();
        return m != null && m.toLowerCase(Locale.ROOT).contains("timeout");
    }

    /** Nanoseconds as microseconds, clamped to what the histograms track. */
    static long micros(long nanos) {
        return Math.max(0, Math.min(MAX_LATENCY_MICROS, nanos / 1000));
    }

    private static final class Run {
        private final Vertx vertx;
        private final LoadConfig config;
        private final Promise<LoadResult> promise;
        private final HttpClientAgent client;
        private final RequestOptions options;
        private final Buffer body;
        private final Tally tally = new Tally();
        private final long planned;
        private final double periodNanos;
        private long startNanos;
        private long measuredFromNanos;
        private long timer = -1;
        private long sent;
        private long measured;
        private long lastIntendedNanos;
        private boolean done;

        Run(Vertx vertx, LoadConfig config, Promise<LoadResult> promise) {
            this.vertx = vertx;
            this.config = config;
            this.promise = promise;
            this.planned = config.plannedRequests();
            this.periodNanos = 1e9 / config.rate();
            this.client = Exchange.client(vertx, config.connections());
            this.options = new RequestSpec(config.url(), config.method(), config.body(), config.headers())
                    .options(config.timeout().toMillis());
            this.body = Buffer.buffer(config.body());
        }

        void start() {
            startNanos = System.nanoTime();
            measuredFromNanos = startNanos + config.warmup().toNanos();
            tick();
            if (sent < planned) {
                timer = vertx.setPeriodic(1, t -> tick());
            }
        }

        private void tick() {
            long now = System.nanoTime();
            while (sent < planned) {
                long intended = startNanos + (long) (sent * periodNanos);
                if (intended > now) {
                    break;
                }
                sent++;
                lastIntendedNanos = intended;
                fire(intended, intended >= measuredFromNanos);
            }
            if (sent >= planned && timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
                long grace = config.timeout().toMillis() + 1000;
                vertx.setTimer(grace, t -> finish());
            }
            maybeFinish();
        }

        private void fire(long intended, boolean measure) {
            if (measure) {
                measured++;
            }
            Exchange.send(client, options, body).onComplete(ar -> {
                if (!measure || done) {
                    return;
                }
                tally.record(ar, intended);
                maybeFinish();
            });
        }

        private void maybeFinish() {
            if (sent >= planned && tally.settled() >= measured) {
                finish();
            }
        }

        private void finish() {
            if (done) {
                return;
            }
            done = true;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            double seconds = Math.max(0, lastIntendedNanos - measuredFromNanos + periodNanos) / 1e9;
            client.close();
            promise.complete(tally.result(sent, measured, measured == 0 ? 0 : seconds));
        }
    }
}
