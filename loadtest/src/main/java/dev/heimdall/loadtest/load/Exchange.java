package dev.heimdall.loadtest.load;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/** The generators' HTTP side: a keep-alive client pool, and one request read to the end of its body. */
final class Exchange {

    /**
     * How one request went.
     *
     * @param status    the response status
     * @param headersAt {@link System#nanoTime()} when the response headers arrived
     */
    record Reply(int status, long headersAt) {
    }

    private Exchange() {
    }

    /** HTTP/1.1 keep-alive, no pipelining, no Nagle, at most {@code connections} connections per host. */
    static HttpClientAgent client(Vertx vertx, int connections) {
        return vertx.httpClientBuilder()
                .with(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setPipelining(false))
                .with(new PoolOptions().setHttp1MaxSize(connections))
                .build();
    }

    /** Sends one request and completes when its whole body has arrived. */
    static Future<Reply> send(HttpClientAgent client, RequestOptions options, Buffer body) {
        return client.request(options)
                .compose(req -> req.send(body))
                .compose(resp -> {
                    long headersAt = System.nanoTime();
                    int status = resp.statusCode();
                    return resp.body().map(b -> new Reply(status, headersAt));
                });
    }
}
