package dev.heimdall.loadtest.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.RequestOptions;
import java.util.function.Function;

/**
 * The closed loop both {@link ClosedLoopGenerator} and {@link StreamGenerator} drive: {@code concurrency} clients on
 * one event-loop context, each starting its next exchange when the previous one settled, until the measured period
 * is over or {@code maxRequests} were started; then it waits for the exchanges in flight (bounded by
 * {@link ConcurrentLoadConfig#bound()}). Subclasses say what one exchange is and what the run yields.
 */
abstract class ClosedLoopRun<R> {
    protected final ConcurrentLoadConfig config;
    protected final HttpClientAgent client;
    protected final RequestOptions options;
    protected final Buffer body;
    private final Vertx vertx;
    private final Promise<R> promise = Promise.promise();
    private long measureFrom;
    private long stopAt;
    private long sent;
    private long measured;
    private int inFlight;
    private boolean done;

    protected ClosedLoopRun(Vertx vertx, ConcurrentLoadConfig config) {
        this.vertx = vertx;
        this.config = config;
        this.client = Exchange.client(vertx, config.concurrency());
        this.options = config.request().options(config.timeout().toMillis());
        this.body = Buffer.buffer(config.request().body());
    }

    /** Creates a run on an event-loop context of {@code vertx} and starts it there. */
    static <R> Future<R> launch(Vertx vertx, Function<Vertx, ClosedLoopRun<R>> create) {
        Promise<R> result = Promise.promise();
        vertx.getOrCreateContext().runOnContext(v -> {
            ClosedLoopRun<R> run = create.apply(vertx);
            run.promise.future().onComplete(result);
            run.start();
        });
        return result.future();
    }

    /** Sends one request; the future completes when its outcome is recorded (only if {@code measured}). */
    protected abstract Future<?> exchange(long sentAt, boolean measured);

    /** What the run yields, once, when it is over. */
    protected abstract R result(long sent, long measured, double seconds);

    /** Whether the run is over: outcomes arriving later must not touch what {@link #result} handed out. */
    protected boolean done() {
        return done;
    }

    private void start() {
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
        exchange(now, measure).onComplete(ar -> {
            inFlight--;
            next();
        });
    }

    private void finish() {
        if (done) {
            return;
        }
        done = true;
        client.close();
        promise.complete(result(sent, measured, config.duration().toNanos() / 1e9));
    }
}
