package dev.heimdall.loadtest.load;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

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
        return ClosedLoopRun.launch(vertx, v -> new Run(v, config));
    }

    private static final class Run extends ClosedLoopRun<LoadResult> {
        private final Tally tally = new Tally();

        Run(Vertx vertx, ConcurrentLoadConfig config) {
            super(vertx, config);
        }

        @Override
        protected Future<?> exchange(long sentAt, boolean measured) {
            return Exchange.send(client, options, body).andThen(ar -> {
                if (measured && !done()) {
                    tally.record(ar, sentAt);
                }
            });
        }

        @Override
        protected LoadResult result(long sent, long measured, double seconds) {
            return tally.result(sent, measured, seconds);
        }
    }
}
