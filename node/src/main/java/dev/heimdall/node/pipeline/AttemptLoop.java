package dev.heimdall.node.pipeline;

import dev.heimdall.governance.health.Backoff;
import dev.heimdall.governance.health.HealthView;
import dev.heimdall.governance.health.Observation;
import dev.heimdall.governance.health.TargetId;
import dev.heimdall.governance.routing.FallbackPlan;
import dev.heimdall.governance.routing.Target;
import dev.heimdall.node.config.RetryConfig;
import dev.heimdall.node.upstream.ProviderRuntime;
import dev.heimdall.node.upstream.UpstreamCall;
import dev.heimdall.node.upstream.UpstreamClients;
import dev.heimdall.providers.spi.ProviderError;
import dev.heimdall.providers.spi.ProviderException;
import dev.heimdall.providers.spi.TargetContext;
import dev.heimdall.providers.spi.UpstreamRequest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Executes a {@link FallbackPlan}: targets in order, stopping at the first success or the first client error. On a
 * retryable error (connect failure, timeout, 429, 5xx, a key's auth failure) a target is first tried again: at once
 * with another key when the failure was the key's (429 cools it down, 401/403 retires it), then after a jittered
 * backoff up to the provider's {@code retry.max-retries}, avoiding the key that answered a 5xx when another serves;
 * a 5xx with no other key moves on to the next target at once, if there is one. A target whose circuit admits
 * nothing is skipped without a call. A context-length error (or a prompt known to exceed the target's window) goes
 * to the plan's context fallback; no other client error falls back. The whole request is bounded by a deadline (the
 * server's request timeout or the client's {@code x-heimdall-timeout-ms}). Every attempt that reached an upstream
 * is reported to the health board. Subclasses say how a request is encoded and how a successful response is
 * consumed. Confined to the request's event loop.
 */
public abstract class AttemptLoop {

    protected final Vertx vertx;
    protected final Gateway gateway;
    protected final UpstreamClients clients;
    protected final RequestScope scope;
    private final FallbackPlan plan;
    private static final Logger LOG = LoggerFactory.getLogger(AttemptLoop.class);
    /** How long a key rests after a 429 that did not say. */
    private static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(1);

    private int index = -1;
    /** The plan's context fallback replaced the targets after a context-length error. */
    private boolean onContextFallback;
    /** Backoff retries and key switches spent on the current target. */
    private int retries;
    private int keySwitches;
    /** The key whose 5xx the next attempt on this target should leave alone if another serves; or null. */
    private String avoidKey;
    /** The latest failure of an attempt, reported if every later target is skipped. */
    private ProviderError lastError;
    private long deadlineNanos;
    private long deadlineTimer = -1;
    private long waitTimer = -1;
    /** An attempt started and is not recorded yet. */
    private boolean inFlight;
    /** The failing attempt's key was rate-limited or rejected (so another key may do better). */
    private boolean lastKeyFailed;
    /** The failing attempt found no key it may use at all (so retrying this target cannot help). */
    private boolean lastNoKeyLeft;
    private UpstreamCall current;
    private long attemptStart;
    /** When the current attempt's first streamed bytes came, relative to its start; -1 before. */
    private long firstTokenNanos = -1;
    /** The target the current attempt reached upstream, for the health board; null while none did. */
    private TargetId observed;
    private double observedKeyWeight;
    private String currentKey;
    private boolean cancelled;
    private boolean finished;

    private final java.util.Map<String, ProviderRuntime> providers;

    protected AttemptLoop(Vertx vertx, Gateway gateway, UpstreamClients clients, RequestScope scope, FallbackPlan plan) {
        this.vertx = vertx;
        this.gateway = gateway;
        // the providers in force when the request was routed: a runtime change does not pull one from under it
        this.providers = gateway.providers();
        this.clients = clients;
        this.scope = scope;
        this.plan = plan;
    }

    public final void start() {
        long timeoutMillis = gateway.server().requestTimeout().toMillis();
        if (scope.clientTimeoutMillis() > 0) {
            timeoutMillis = Math.min(timeoutMillis, scope.clientTimeoutMillis());
        }
        deadlineNanos = scope.startNanos() + timeoutMillis * 1_000_000L;
        long remainingMillis = (deadlineNanos - System.nanoTime()) / 1_000_000L;
        if (remainingMillis <= 0) {
            finished = true;
            onFailure(deadlinePassed(timeoutMillis));
            return;
        }
        long budget = timeoutMillis;
        deadlineTimer = vertx.setTimer(remainingMillis, id -> onDeadline(budget));
        index = 0;
        attempt();
    }

    /** The client went away: abandon the current attempt and try no other. */
    public final void cancel() {
        cancelled = true;
        // the client left: what the abandoned attempt would have shown about the target is unknown
        observed = null;
        cancelTimers();
        if (current != null) {
            current.cancel();
        }
    }

    protected abstract UpstreamRequest encode(ProviderRuntime provider, TargetContext target);

    /** A 2xx response head arrived for the current attempt; consume it, then call succeeded or attemptFailed. */
    protected abstract void onSuccessHead(UpstreamCall call, HttpClientResponse response, ProviderRuntime provider);

    /** Every attempt failed, or one failed in a way no other target can fix. */
    protected abstract void onFailure(ProviderError error);

    /**
     * Whether a successful answer's latency tells how fast the target is. True for the requests the target exists
     * for; a subclass running a different, much quicker operation on the same target says false, so its answers do
     * not pull the target's latency baseline down.
     */
    protected boolean judgesLatency() {
        return true;
    }

    protected final boolean cancelled() {
        return cancelled;
    }

    /** Whether {@code call} is still the live attempt (not superseded by a fallback, not finished, not cancelled). */
    protected final boolean isCurrent(UpstreamCall call) {
        return call == current && !finished && !cancelled;
    }

    /** The current attempt's first streamed bytes arrived: its time to first token. */
    protected final void firstToken() {
        if (firstTokenNanos < 0) {
            long now = System.nanoTime();
            firstTokenNanos = now - attemptStart;
            scope.firstToken(now);
        }
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
        long elapsed = finishAttempt(status, "ok");
        // a stream is judged by its first token: its length is the model's answer, not the target's speed
        observe(Observation.Outcome.SUCCESS, firstTokenNanos >= 0 || !judgesLatency() ? -1 : elapsed, firstTokenNanos);
        finished = true;
        cancelTimers();
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
        observeFailure(error);
        lastError = error;
        boolean keyFailed = lastKeyFailed;
        boolean noKeyLeft = lastNoKeyLeft;
        lastKeyFailed = false;
        lastNoKeyLeft = false;
        if (cancelled || !mayFallBack) {
            fail(error);
            return;
        }
        if (error instanceof ProviderError.ContextTooLong && plan.contextFallback() != null && !onContextFallback) {
            toContextFallback();
            return;
        }
        if (!error.retryable()) {
            fail(error);
            return;
        }
        Target target = target();
        ProviderRuntime provider = providers.get(target.provider());
        String reason = FailureReason.of(error);
        long now = System.nanoTime();
        // a rate-limited or rejected key says nothing about the provider's other keys: try one at once
        if (keyFailed && keySwitches < provider.keys().size() && provider.keys().choose(provider.name(), target.model(),
                target.keyName(), null, ThreadLocalRandom.current(), gateway.health(), now) >= 0) {
            keySwitches++;
            gateway.metrics().recordRetry(provider.name(), reason);
            attempt();
            return;
        }
        if (error instanceof ProviderError.ServerError) {
            // the same deployment behind the same key is the likeliest to fail again: prefer another key, else
            // another target, and retry this one only when nothing else is left
            if (provider.keys().hasOtherAdmitted(provider.name(), target.model(), target.keyName(), currentKey,
                    gateway.health(), now)) {
                avoidKey = currentKey;
            } else if (hasNextTarget()) {
                advance(reason, error);
                return;
            }
        }
        RetryConfig retry = provider.config().retry();
        // a rejected credential does not heal with time: only another key (above) or another target can help
        if (!noKeyLeft && !(error instanceof ProviderError.AuthFailure) && retries < retry.maxRetries()) {
            long wait = new Backoff(retry.initialBackoff(), retry.maxBackoff())
                    .delayNanos(retries, ThreadLocalRandom.current());
            long retryAfter = 0;
            if (error instanceof ProviderError.RateLimited limited) {
                // the key just cooled down for at least this long: retrying sooner would only find it resting
                retryAfter = limited.retryAfter() != null ? limited.retryAfter().toNanos()
                        : keyFailed ? DEFAULT_COOLDOWN.toNanos() : 0;
            }
            wait = Math.max(wait, retryAfter);
            // a provider asking for a longer rest than max-backoff is better answered by the next target (or by
            // the client, who sees the Retry-After); a retry that could only start after the deadline is no retry
            if (retryAfter <= retry.maxBackoff().toNanos() && System.nanoTime() + wait < deadlineNanos) {
                retries++;
                gateway.metrics().recordRetry(provider.name(), reason);
                // rounded up: a timer firing a fraction of a millisecond early would find the key still cooling
                waitTimer = vertx.setTimer(Math.max(1, (wait + 999_999L) / 1_000_000L), id -> {
                    waitTimer = -1;
                    if (!finished && !cancelled) {
                        attempt();
                    }
                });
                return;
            }
        }
        advance(reason, error);
    }

    private Target target() {
        return onContextFallback ? plan.contextFallback() : plan.attempts().get(index);
    }

    private boolean hasNextTarget() {
        return !onContextFallback && index + 1 < plan.attempts().size();
    }

    /** On to the plan's next target, or the end with {@code error} when there is none. */
    private void advance(String reason, ProviderError error) {
        if (!hasNextTarget()) {
            fail(error);
            return;
        }
        index++;
        retries = 0;
        keySwitches = 0;
        avoidKey = null;
        gateway.metrics().recordFallback(reason, Integer.toString(index));
        attempt();
    }

    /** The prompt is too long for the targets: the context fallback takes over, and it alone. */
    private void toContextFallback() {
        onContextFallback = true;
        retries = 0;
        keySwitches = 0;
        avoidKey = null;
        gateway.metrics().recordFallback(FailureReason.CONTEXT_LENGTH, "context");
        attempt();
    }

    /** The target's circuit admits nothing now: move on without calling it, as if it had failed. */
    private void skipOpenCircuit(ProviderRuntime provider, Target target) {
        ProviderError error = lastError != null ? lastError : new ProviderError.ServerError(provider.name()
                + ": the circuit for model " + target.model() + " is open after repeated failures; no request was sent", 503);
        advance(FailureReason.CIRCUIT_OPEN, error);
    }

    private void fail(ProviderError error) {
        finished = true;
        cancelTimers();
        onFailure(error);
    }

    private void onDeadline(long budgetMillis) {
        deadlineTimer = -1;
        if (finished || cancelled) {
            return;
        }
        ProviderError timeout = deadlinePassed(budgetMillis);
        // finished first: cancelling the call may report its own failure synchronously, which must not fall back
        finished = true;
        cancelTimers();
        if (inFlight) {
            // the client's patience ran out, which says nothing certain about the target: no health observation
            observed = null;
            finishAttempt(504, timeout.getClass().getSimpleName());
            current.cancel();
        }
        onFailure(timeout);
    }

    private static ProviderError deadlinePassed(long budgetMillis) {
        return new ProviderError.Timeout("no answer within the request's deadline of " + budgetMillis + " ms",
                ProviderError.Timeout.Phase.FIRST_BYTE);
    }

    private void cancelTimers() {
        if (deadlineTimer >= 0) {
            vertx.cancelTimer(deadlineTimer);
            deadlineTimer = -1;
        }
        if (waitTimer >= 0) {
            vertx.cancelTimer(waitTimer);
            waitTimer = -1;
        }
    }

    /** An upstream answered this key with an error about the key itself: remember it for every later request. */
    private void learnFromKey(ProviderRuntime provider, int key, String model, ProviderError error) {
        String keyName = provider.keyName(key);
        if (error instanceof ProviderError.RateLimited limited && limited.upstreamStatus() == 429) {
            Duration coolDown = limited.retryAfter() != null ? limited.retryAfter() : DEFAULT_COOLDOWN;
            gateway.keyHealth().coolDown(provider.name(), keyName, model, coolDown);
            lastKeyFailed = true;
        } else if (error instanceof ProviderError.AuthFailure auth
                && (auth.upstreamStatus() == 401 || auth.upstreamStatus() == 403)) {
            // the name only: the value is a secret
            if (!gateway.keyHealth().dead(provider.name(), keyName)) {
                LOG.warn("Provider {} rejected key {} with status {}; it will not be used again until restart",
                        provider.name(), keyName, auth.upstreamStatus());
            }
            gateway.keyHealth().markDead(provider.name(), keyName);
            gateway.metrics().recordKeyDead(provider.name(), keyName);
            lastKeyFailed = true;
        }
    }

    private void attempt() {
        if (cancelled || finished) {
            return;
        }
        Target target = target();
        ProviderRuntime provider = providers.get(target.provider());
        if (provider == null) {
            // routed just as the admin API removed the provider: the next target serves
            ProviderError gone = new ProviderError.ConnectFailure(target.provider() + ": the provider is no longer configured");
            advance(FailureReason.of(gone), lastError != null ? lastError : gone);
            return;
        }
        if (!onContextFallback && plan.contextFallback() != null
                && provider.exceedsContextWindow(target.model(), plan.estimatedTokens())) {
            // the prompt is known not to fit: asking would only earn a context-length error
            toContextFallback();
            return;
        }
        HealthView health = gateway.health();
        long now = System.nanoTime();
        int key = -1;
        if (!provider.keys().isEmpty()) {
            key = provider.keys().choose(provider.name(), target.model(), target.keyName(), avoidKey,
                    ThreadLocalRandom.current(), health, now);
            if (key < 0) {
                long cooling = provider.keys().shortestCooldownNanos(provider.name(), target.model(), target.keyName(),
                        health.keys(), now);
                if (cooling <= 0 && provider.keys().hasUsable(provider.name(), target.model(), target.keyName(),
                        health.keys(), now)) {
                    // usable keys, but the circuit of each admits nothing right now
                    skipOpenCircuit(provider, target);
                    return;
                }
                currentKey = TargetId.NO_KEY;
                scope.attempt(provider.name(), target.model(), currentKey);
                attemptStart = now;
                inFlight = true;
                ProviderError error;
                if (cooling > 0) {
                    // every key is rate-limited for this model: asking the provider now would only earn another 429
                    error = new ProviderError.RateLimited(provider.name() + ": every key serving model " + target.model()
                            + " is cooling down after a rate limit", 429, Duration.ofNanos(cooling));
                } else if (provider.keys().choose(target.model(), target.keyName(), ThreadLocalRandom.current()) >= 0) {
                    // the keys exist but the provider rejected each one: the same answer the first rejection gave
                    lastNoKeyLeft = true;
                    error = new ProviderError.AuthFailure(provider.name() + ": the provider rejected every key serving model "
                            + target.model(), 401);
                } else {
                    lastNoKeyLeft = true;
                    error = new ProviderError.AuthFailure(provider.name() + ": no configured key serves model "
                            + target.model(), 502);
                }
                attemptFailed(error, true);
                return;
            }
        }
        int keyIndex = key;
        String keyName = provider.keyName(key);
        if (!health.tryAcquire(provider.name(), keyName, target.model(), now)) {
            // another request took this interval's probe of a half-open circuit a moment ago
            skipOpenCircuit(provider, target);
            return;
        }
        currentKey = keyName;
        scope.attempt(provider.name(), target.model(), currentKey);
        UpstreamRequest request;
        try {
            request = encode(provider, provider.targetContext(target.model(), key));
        } catch (ProviderException e) {
            attemptStart = System.nanoTime();
            inFlight = true;
            attemptFailed(e.error(), true);
            return;
        }
        UpstreamCall call = new UpstreamCall(vertx, clients.client(provider, request.origin()), provider);
        current = call;
        attemptStart = System.nanoTime();
        firstTokenNanos = -1;
        inFlight = true;
        observed = new TargetId(provider.name(), keyName, target.model());
        observedKeyWeight = keyIndex >= 0 ? provider.keys().get(keyIndex).weight() : 1;
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
                            if (keyIndex >= 0) {
                                learnFromKey(provider, keyIndex, target.model(), error);
                            }
                            attemptFailed(error, true);
                        });
                    }
                });
    }

    /** Records the attempt that just ended; returns how long it took. */
    private long finishAttempt(int status, String outcome) {
        inFlight = false;
        long elapsed = System.nanoTime() - attemptStart;
        scope.addUpstreamNanos(elapsed);
        scope.addAttempt(new AttemptRecord(scope.provider(), currentKey, scope.model(), status, elapsed / 1_000, outcome));
        gateway.metrics().recordAttempt(scope.provider(), outcome);
        if ("ok".equals(outcome)) {
            gateway.metrics().recordUpstream(scope.provider(), scope.model(), elapsed);
        }
        return elapsed;
    }

    /** How a failed attempt reflects on its target: 429s and outright failures count against it, 4xx answers not. */
    private void observeFailure(ProviderError error) {
        if (error instanceof ProviderError.RateLimited) {
            observe(Observation.Outcome.RATE_LIMITED, -1, -1);
        } else if (error instanceof ProviderError.BadRequest || error instanceof ProviderError.ContextTooLong) {
            observe(Observation.Outcome.SUCCESS, -1, -1);
        } else {
            observe(Observation.Outcome.FAILURE, -1, -1);
        }
    }

    /** Tells the health board about the attempt that just ended, if it reached an upstream. */
    private void observe(Observation.Outcome outcome, long latencyNanos, long firstToken) {
        if (observed == null) {
            return;
        }
        gateway.health().observe(new Observation(observed, outcome, latencyNanos, firstToken));
        gateway.metrics().watchTarget(observed, observedKeyWeight, gateway.health());
        observed = null;
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
