package dev.heimdall.node.admin;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.util.function.IntConsumer;

/** The admin API on a port of its own ({@code admin.port}), so that it can be firewalled apart from the gateway. */
public final class AdminListener extends VerticleBase {

    private final AdminApi api;
    private final String host;
    private final int port;
    private final IntConsumer onListening;

    public AdminListener(AdminApi api, String host, int port, IntConsumer onListening) {
        this.api = api;
        this.host = host;
        this.port = port;
        this.onListening = onListening;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        api.register(router);
        router.route().handler(ctx -> ctx.response().setStatusCode(404).putHeader("content-type", "application/json")
                .end(AdminJson.write(AdminJson.error("not_found", "This port serves only the admin API under "
                        + AdminApi.BASE + ".", null))));
        return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
                .requestHandler(router)
                .listen()
                .onSuccess(server -> onListening.accept(server.actualPort()));
    }
}
