package dev.heimdall.node.pipeline;

import dev.heimdall.governance.routing.FallbackPlan;
import dev.heimdall.governance.routing.Target;
import dev.heimdall.node.upstream.ProviderRuntime;
import dev.heimdall.node.upstream.UpstreamCall;
import dev.heimdall.node.upstream.UpstreamClients;
import dev.heimdall.providers.spi.ProviderError;
import dev.heimdall.providers.spi.ProviderException;
import dev.heimdall.providers.spi.TargetContext;
import dev.heimdall.providers.spi.UpstreamRequest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Executes a {@link FallbackPlan}: one attempt per target in order, moving on when an attempt fails with a
 * retryable error (connect failure, timeout, 429, 5xx, a key's auth failure) and stopping at the first success or
 * the first client error. Subclasses say how a request is encoded and how a successful response is consumed.
 * Confined to the request's event loop.
 */
public abstract class AttemptLoop {

    protected final Vertx vertx;
    protected final Gateway gateway;
    protected final UpstreamClients clients;
    protected final RequestScope scope;
    private final FallbackPlan plan;
    private int index = -1;
    private UpstreamCall current;
    private long attemptStart;
    private String currentKey;
    private boolean cancelled;
    private boolean finished;

    protected AttemptLoop(Vertx vertx, Gateway gateway, UpstreamClients clients, RequestScope scope, FallbackPlan plan) {
        this.vertx = vertx;
        this.gateway = gateway;
        this.clients = clients;
        this.scope = scope;
        this.plan = plan;
    }

    public final void start() {
        next(null);
    }

    /** The client went away: abandon the current attempt and try no other. */
    public final void cancel() {
        cancelled = true;
        if (current != null) {
            current.cancel();
        }
    }

    protected abstract UpstreamRequest encode(ProviderRuntime provider, TargetContext target);

    /** A 2xx response head arrived for the current attempt; consume it, then call succeeded or attemptFailed. */
    protected abstract void onSuccessHead(UpstreamCall call, HttpClientResponse response, ProviderRuntime provider);

    /** Every attempt failed, or one failed in a way no other target can fix. */
    protected abstract void onFailure(ProviderError error);

    protected final boolean cancelled() {
        return cancelled;
    }

    /** Whether {@code call} is still the live attempt (not superseded by a fallback, not finished, not cancelled). */
    protected final boolean isCurrent(UpstreamCall call) {
        return call == current && !finished && !cancelled;
    }

    /**
     * Reads a whole 2xx body and decodes it; a broken body or an undecodable one is a failed attempt like any other.
     */
    protected final <T> void decodeBody(UpstreamCall call, HttpClientResponse response,
                                        java.util.function.Function<byte[], T> decoder,
                                        java.util.function.Consumer<T> onDecoded) {
        call.collectBody(response).onComplete(body -> {
            if (!isCurrent(call)) {
                return;
            }
            if (body.failed()) {
                attemptFailed(call.classify(body.cause()), true);
                return;
            }
            T decoded;
            try {
                decoded = decoder.apply(body.result().getBytes());
            } catch (ProviderException e) {
                attemptFailed(e.error(), true);
                return;
            }
            succeeded(response.statusCode());
            onDecoded.accept(decoded);
        });
    }

    /** The current attempt succeeded; records it. */
    protected final void succeeded(int status) {
        finishAttempt(status, "ok");
        finished = true;
    }

    /**
     * The current attempt failed. Falls back to the next target when the error allows it and {@code mayFallBack}
     * (false once anything has reached the client), otherwise reports the failure.
     */
    protected final void attemptFailed(ProviderError error, boolean mayFallBack) {
        if (finished) {
            return;
        }
        if (current != null) {
            current.done();
        }
        finishAttempt(statusOf(error), error.getClass().getSimpleName());
        if (!cancelled && mayFallBack && error.retryable() && index + 1 < plan.attempts().size()) {
            next(error);
        } else {
            finished = true;
            onFailure(error);
        }
    }

    private void next(ProviderError previous) {
        if (cancelled) {
            return;
        }
        index++;
        Target target = plan.attempts().get(index);
        ProviderRuntime provider = gateway.provider(target.provider());
        int key = -1;
        if (!provider.keys().isEmpty()) {
            key = provider.keys().choose(target.model(), target.keyName(), ThreadLocalRandom.current());
            if (key < 0) {
                currentKey = "none";
                scope.attempt(provider.name(), target.model(), currentKey);
                attemptStart = System.nanoTime();
                attemptFailed(new ProviderError.AuthFailure(provider.name() + ": no configured key serves model "
                        + target.model(), 502), true);
                return;
            }
        }
        currentKey = provider.keyName(key);
        scope.attempt(provider.name(), target.model(), currentKey);
        UpstreamRequest request;
        try {
            request = encode(provider, provider.targetContext(target.model(), key));
        } catch (ProviderException e) {
            attemptStart = System.nanoTime();
            attemptFailed(e.error(), true);
            return;
        }
        UpstreamCall call = new UpstreamCall(vertx, clients.client(provider, request.origin()), provider);
        current = call;
        attemptStart = System.nanoTime();
        provider.authorizer().authorize(request, provider, provider.key(key))
                .compose(call::send)
                .onComplete(ar -> {
                    if (call != current || finished) {
                        return;
                    }
                    if (ar.failed()) {
                        attemptFailed(call.classify(ar.cause()), true);
                        return;
                    }
                    HttpClientResponse response = ar.result();
                    if (response.statusCode() >= 200 && response.statusCode() < 300) {
                        onSuccessHead(call, response, provider);
                    } else {
                        String retryAfter = response.getHeader("retry-after");
                        call.collectBody(response).onComplete(body -> {
                            if (call != current || finished) {
                                return;
                            }
                            ProviderError error = body.succeeded()
                                    ? provider.adapter().classifyError(response.statusCode(), retryAfter, body.result().getBytes())
                                    : call.classify(body.cause());
                            attemptFailed(error, true);
                        });
                    }
                });
    }

    private void finishAttempt(int status, String outcome) {
        long elapsed = System.nanoTime() - attemptStart;
        scope.addUpstreamNanos(elapsed);
        scope.addAttempt(new AttemptRecord(scope.provider(), currentKey, scope.model(), status, elapsed / 1_000, outcome));
        gateway.metrics().recordAttempt(scope.provider(), outcome);
        if ("ok".equals(outcome)) {
            gateway.metrics().recordUpstream(scope.provider(), scope.model(), elapsed);
        }
    }

    private static int statusOf(ProviderError error) {
        if (error instanceof ProviderError.RateLimited r) {
            return r.upstreamStatus();
        } else if (error instanceof ProviderError.ServerError e) {
            return e.upstreamStatus();
        } else if (error instanceof ProviderError.AuthFailure a) {
            return a.upstreamStatus();
        } else if (error instanceof ProviderError.BadRequest b) {
            return b.upstreamStatus();
        } else if (error instanceof ProviderError.ContextTooLong c) {
            return c.upstreamStatus();
        }
        return 0;
    }
}
