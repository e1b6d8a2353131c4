package dev.heimdall.node.upstream;

import dev.heimdall.node.config.TimeoutsConfig;
import dev.heimdall.providers.spi.ProviderError;
import dev.heimdall.providers.spi.ProviderException;
import dev.heimdall.providers.spi.UpstreamRequest;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.net.ConnectException;
import java.util.Map;

/**
 * One HTTP exchange with an upstream, guarded by the provider's timeouts: first byte (from sending to the response
 * head) and idle (between body chunks). Failures come out as {@link ProviderException}s carrying a classified
 * {@link ProviderError}; nothing here retries. Lives on one event loop.
 */
public final class UpstreamCall {

    private final Vertx vertx;
    private final HttpClient client;
    private final ProviderRuntime provider;
    private final TimeoutsConfig timeouts;
    private HttpClientRequest request;
    private long timer = -1;
    private long lastData;
    private ProviderError.Timeout timedOut;
    private boolean cancelled;

    public UpstreamCall(Vertx vertx, HttpClient client, ProviderRuntime provider) {
        this.vertx = vertx;
        this.client = client;
        this.provider = provider;
        this.timeouts = provider.config().timeouts();
    }

    /** Sends the request; completes when the response head has arrived. */
    public Future<HttpClientResponse> send(UpstreamRequest upstream) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(upstream.method()))
                .setURI(upstream.origin() == null ? provider.basePath() + upstream.path() : upstream.path());
        for (Map.Entry<String, String> header : upstream.headers()) {
            options.addHeader(header.getKey(), header.getValue());
        }
        return client.request(options)
                .compose(req -> {
                    request = req;
                    if (cancelled) {
                        req.reset();
                    }
                    armTimer(timeouts.firstByte().toMillis(), ProviderError.Timeout.Phase.FIRST_BYTE);
                    return req.send(Buffer.buffer(upstream.body()));
                })
                .transform(ar -> {
                    if (ar.succeeded()) {
                        return Future.succeededFuture(ar.result());
                    }
                    return Future.failedFuture(new ProviderException(classify(ar.cause())));
                });
    }

    /**
     * Switches the timer to idle mode for the body: it fires when no chunk arrived for the idle timeout. Call
     * {@link #touch()} on every chunk.
     */
    public void watchBody() {
        lastData = System.nanoTime();
        armTimer(timeouts.idle().toMillis(), ProviderError.Timeout.Phase.IDLE);
    }

    public void touch() {
        lastData = System.nanoTime();
    }

    /** Reads a whole (non-streamed) body under the idle timeout. */
    public Future<Buffer> collectBody(HttpClientResponse response) {
        Promise<Buffer> promise = Promise.promise();
        Buffer body = Buffer.buffer();
        watchBody();
        response.handler(chunk -> {
            touch();
            body.appendBuffer(chunk);
        });
        response.exceptionHandler(err -> promise.tryFail(new ProviderException(classify(err))));
        response.endHandler(v -> {
            done();
            promise.tryComplete(body);
        });
        return promise.future();
    }

    /** Classifies a failure of this exchange (the timeout that caused it, if any, takes precedence). */
    public ProviderError classify(Throwable cause) {
        if (timedOut != null) {
            return timedOut;
        }
        if (cause instanceof ProviderException pe) {
            return pe.error();
        }
        if (cause instanceof ConnectTimeoutException) {
            return new ProviderError.Timeout(provider.name() + ": connect timed out", ProviderError.Timeout.Phase.CONNECT);
        }
        if (cause instanceof ConnectException) {
            return new ProviderError.ConnectFailure(provider.name() + ": connection refused");
        }
        String what = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new ProviderError.ConnectFailure(provider.name() + ": upstream connection failed: " + what);
    }

    /** Stops the exchange: the client went away, or the attempt is abandoned. */
    public void cancel() {
        cancelled = true;
        done();
        if (request != null) {
            request.reset();
        }
    }

    /** The exchange finished normally: no timer may fire after this. */
    public void done() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private void armTimer(long millis, ProviderError.Timeout.Phase phase) {
        done();
        lastData = System.nanoTime();
        timer = vertx.setTimer(Math.max(1, millis), id -> onTimer(millis, phase));
    }

    private void onTimer(long millis, ProviderError.Timeout.Phase phase) {
        timer = -1;
        long idleMillis = (System.nanoTime() - lastData) / 1_000_000;
        if (phase == ProviderError.Timeout.Phase.IDLE && idleMillis < millis) {
            // data arrived since the timer was set: wait only for the rest of the window
            long remaining = millis - idleMillis;
            timer = vertx.setTimer(Math.max(1, remaining), id -> onTimer(millis, phase));
            return;
        }
        String what = phase == ProviderError.Timeout.Phase.FIRST_BYTE
                ? "no response within " + millis + " ms"
                : "no data for " + millis + " ms";
        timedOut = new ProviderError.Timeout(provider.name() + ": " + what, phase);
        if (request != null) {
            request.reset();
        }
    }
}
