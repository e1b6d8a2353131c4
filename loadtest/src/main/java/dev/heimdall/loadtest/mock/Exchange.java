package dev.heimdall.loadtest.mock;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.Map;

/**
 * One provider request in flight: its parsed body, its effective timing, and the ways to answer it. Every answer
 * goes through here so that timing and the {@code cut-after} fault apply the same way to every provider format.
 */
public final class Exchange {
    private final Vertx vertx;
    private final HttpServerRequest request;
    private final String subPath;
    private final JsonNode json;
    private final Buffer body;
    private final boolean jsonValid;
    private final String apiKey;
    private final MockConfig config;
    private final long latencyMs;
    private final long ttftMs;
    private final long interTokenMs;
    private int cutAfter = -1;

    /** One server-sent event; {@code paced} events wait {@code ttftMs} (the first) or {@code interTokenMs}. */
    public record SseEvent(String text, boolean paced) {
        public static SseEvent data(String json, boolean paced) {
            return new SseEvent("data: " + json + "\n\n", paced);
        }

        public static SseEvent named(String event, String json, boolean paced) {
            return new SseEvent("event: " + event + "\ndata: " + json + "\n\n", paced);
        }
    }

    Exchange(Vertx vertx, HttpServerRequest request, String subPath, JsonNode json, Buffer body, boolean jsonValid,
             String apiKey, MockConfig config, MockSettings settings) {
        this.vertx = vertx;
        this.body = body;
        this.request = request;
        this.subPath = subPath;
        this.json = json;
        this.jsonValid = jsonValid;
        this.apiKey = apiKey;
        this.config = config;
        this.latencyMs = headerMs(request, "x-mock-latency-ms", settings.latencyMs());
        this.ttftMs = headerMs(request, "x-mock-ttft-ms", settings.ttftMs());
        this.interTokenMs = headerMs(request, "x-mock-inter-token-ms", settings.interTokenMs());
    }

    private static long headerMs(HttpServerRequest request, String name, long fallback) {
        String v = request.getHeader(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Math.max(0, Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public HttpServerRequest request() {
        return request;
    }

    /** The path after the provider prefix, e.g. {@code /v1/chat/completions}. */
    public String subPath() {
        return subPath;
    }

    /** The parsed body, or null when the body was empty or not JSON. */
    public JsonNode json() {
        return json;
    }

    /** The body exactly as received (what a request signature covers). */
    public Buffer body() {
        return body;
    }

    /** False when a non-empty body was not valid JSON. */
    public boolean jsonValid() {
        return jsonValid;
    }

    public String apiKey() {
        return apiKey;
    }

    public MockConfig config() {
        return config;
    }

    void cutAfter(int chunks) {
        this.cutAfter = chunks;
    }

    /** Answers with a JSON body after the effective latency. */
    public void respond(int status, byte[] body, Map<String, String> headers) {
        if (latencyMs > 0) {
            vertx.setTimer(latencyMs, t -> respondNow(status, body, headers));
        } else {
            respondNow(status, body, headers);
        }
    }

    private void respondNow(int status, byte[] body, Map<String, String> headers) {
        HttpServerResponse res = request.response();
        if (res.closed()) {
            return;
        }
        res.setStatusCode(status).putHeader("content-type", "application/json");
        headers.forEach(res::putHeader);
        if (cutAfter >= 0) {
            res.setChunked(true);
            res.write(Buffer.buffer(body).slice(0, body.length / 2)).onComplete(w -> request.connection().close());
            return;
        }
        res.end(Buffer.buffer(body));
    }

    /**
     * Streams {@code events} as {@code text/event-stream}: events up to the first paced one at once, then each paced
     * one after its delay, non-paced ones right after their predecessor.
     */
    public void stream(List<SseEvent> events, Map<String, String> headers) {
        HttpServerResponse res = request.response();
        res.setStatusCode(200).setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache");
        headers.forEach(res::putHeader);
        new Streamer(res, events.stream().map(e -> new Chunk(Buffer.buffer(e.text()), e.paced())).toList()).pump();
    }

    /** One piece of a binary stream; {@code paced} as for {@link SseEvent}. */
    public record Chunk(Buffer bytes, boolean paced) {
    }

    /** Streams binary {@code chunks} (e.g. AWS event-stream messages) with the pacing and faults of {@link #stream}. */
    public void streamBinary(String contentType, List<Chunk> chunks, Map<String, String> headers) {
        HttpServerResponse res = request.response();
        res.setStatusCode(200).setChunked(true).putHeader("content-type", contentType);
        headers.forEach(res::putHeader);
        new Streamer(res, chunks).pump();
    }

    private final class Streamer {
        private final HttpServerResponse res;
        private final List<Chunk> events;
        private int next;
        private int written;
        private boolean waited;
        private boolean pacedWritten;

        Streamer(HttpServerResponse res, List<Chunk> events) {
            this.res = res;
            this.events = events;
        }

        void pump() {
            while (next < events.size()) {
                if (res.closed()) {
                    return;
                }
                Chunk e = events.get(next);
                if (e.paced() && !waited) {
                    long delay = pacedWritten ? interTokenMs : ttftMs;
                    if (delay > 0) {
                        waited = true;
                        vertx.setTimer(delay, t -> pump());
                        return;
                    }
                }
                waited = false;
                if (written == cutAfter) {
                    request.connection().close();
                    return;
                }
                res.write(e.bytes());
                written++;
                next++;
                pacedWritten |= e.paced();
            }
            if (!res.closed()) {
                res.end();
            }
        }
    }
}
