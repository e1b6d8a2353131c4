package dev.heimdall.node;

import dev.heimdall.governance.budget.BudgetAdmission;
import dev.heimdall.governance.budget.BudgetWindows;
import dev.heimdall.governance.budget.CostEstimator;
import dev.heimdall.governance.limits.RateLimitAdmission;
import dev.heimdall.node.admin.AdminApi;
import dev.heimdall.node.admin.AdminListener;
import dev.heimdall.node.admin.BudgetStatusSource;
import dev.heimdall.node.admin.KeyInfoApi;
import dev.heimdall.node.admin.RoutingExplainHandler;
import dev.heimdall.node.admin.LimitStatusSource;
import dev.heimdall.node.config.ConfigException;
import dev.heimdall.node.pipeline.GovernanceGate;
import dev.heimdall.node.config.ConfigLoader;
import dev.heimdall.node.config.HeimdallConfig;
import dev.heimdall.node.observability.GatewayMetrics;
import dev.heimdall.node.pipeline.Gateway;
import dev.heimdall.node.pipeline.UsageMeter;
import dev.heimdall.node.upstream.UpstreamAuthorizers;
import dev.heimdall.providers.AdapterRegistry;
import dev.heimdall.providers.pricing.PricingCatalog;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.time.Clock;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A running Heimdall node, and {@code main}: {@code java -jar heimdall.jar --config FILE [--check]}. */
public final class HeimdallNode {

    private static final Logger LOG = LoggerFactory.getLogger(HeimdallNode.class);

    private final Vertx vertx;
    private final Gateway gateway;
    private final NodeGovernance governance;
    private final AtomicBoolean ready;
    private final int port;
    private final int adminPort;

    private HeimdallNode(Vertx vertx, Gateway gateway, NodeGovernance governance, AtomicBoolean ready, int port,
                         int adminPort) {
        this.vertx = vertx;
        this.gateway = gateway;
        this.governance = governance;
        this.ready = ready;
        this.port = port;
        this.adminPort = adminPort;
    }

    /** Starts a node on its own Vert.x instance; completes once every event loop listens. */
    public static Future<HeimdallNode> start(HeimdallConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** @param clock the time routing rules see; tests pass a fixed one */
    public static Future<HeimdallNode> start(HeimdallConfig config, Clock clock) {
        NodeGovernance governance;
        try {
            governance = NodeGovernance.open(config, clock);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return start(config, clock, governance);
    }

    /**
     * @param clock      the time routing rules, keys and budgets see; tests pass a fixed one
     * @param governance the governance store and counters; the node closes them
     */
    public static Future<HeimdallNode> start(HeimdallConfig config, Clock clock, NodeGovernance governance) {
        AdapterRegistry adapters = AdapterRegistry.defaults();
        int loops = config.server().eventLoops();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(false));
        Gateway gateway;
        try {
            PricingCatalog prices = PricingCatalog.builtIn();
            GovernanceGate gate = new GovernanceGate(governance::keys, config.governance().authenticationRequired(),
                    new RateLimitAdmission(governance.quotas()),
                    new BudgetAdmission(governance.ledger(), governance.windows()),
                    new CostEstimator(prices), governance.usage(), clock);
            gateway = Gateway.from(config, adapters, provider -> UpstreamAuthorizers.forProvider(vertx, provider),
                    new UsageMeter(prices), new GatewayMetrics(), clock, gate, governance.audit().trail());
            governance.audit().bindMetrics(gateway.metrics().registry());
        } catch (RuntimeException e) {
            governance.close();
            return vertx.close().transform(v -> Future.failedFuture(e));
        }
        AdminApi admin = config.admin().enabled()
                ? new AdminApi(vertx, config.admin(), governance.store(), configLoader(Map.of()), governance.changes(),
                        governance.audit().trail(), clock)
                        .extend(new RoutingExplainHandler(gateway)::register)
                : null;
        boolean separateAdminPort = admin != null && config.admin().port() != null;
        KeyInfoApi keyInfo = new KeyInfoApi(governance::keys,
                BudgetStatusSource.of(governance.ledger(), governance.windows()),
                LimitStatusSource.of(governance.quotas()), clock);
        Consumer<Router> governanceRoutes = router -> {
            keyInfo.register(router);
            if (admin != null && !separateAdminPort) {
                admin.register(router);
            }
        };
        AtomicBoolean ready = new AtomicBoolean(false);
        AtomicInteger port = new AtomicInteger();
        AtomicInteger adminPort = new AtomicInteger(-1);
        return vertx.executeBlocking(() -> {
                    governance.refreshKeys();
                    return null;
                })
                .compose(v -> vertx.deployVerticle(() -> new GatewayVerticle(gateway, ready, port::set, governanceRoutes),
                        new DeploymentOptions().setInstances(loops)))
                .compose(id -> separateAdminPort
                        ? vertx.deployVerticle(new AdminListener(admin, config.server().host(), config.admin().port(),
                                adminPort::set))
                        : Future.succeededFuture(id))
                .map(id -> {
                    governance.startWriting(vertx);
                    ready.set(true);
                    int adminListening = admin == null ? -1 : separateAdminPort ? adminPort.get() : port.get();
                    return new HeimdallNode(vertx, gateway, governance, ready, port.get(), adminListening);
                })
                .recover(err -> {
                    governance.close();
                    return vertx.close().transform(v -> Future.failedFuture(err));
                });
    }

    /** The config loader for this build's provider types, defaulting base URLs the way each adapter does. */
    public static ConfigLoader configLoader(java.util.Map<String, String> env) {
        AdapterRegistry adapters = AdapterRegistry.defaults();
        return new ConfigLoader(new HashSet<>(adapters.types()),
                (type, settings) -> adapters.find(type).map(a -> a.defaultBaseUrl(settings)).orElse(null), env);
    }

    public int port() {
        return port;
    }

    /** The port of the admin API (the gateway's unless {@code admin.port} is set), or -1 when it is off. */
    public int adminPort() {
        return adminPort;
    }

    public Gateway gateway() {
        return gateway;
    }

    public NodeGovernance governance() {
        return governance;
    }

    /**
     * Stops the node: the last usage and spend are written, the event loops stop, then the audit records they made are
     * written (to the database, or to the spill file while it is away) and the store closes.
     */
    public Future<Void> close() {
        ready.set(false);
        return governance.stopWriting().transform(written -> vertx.close()).andThen(done -> governance.close());
    }

    public static void main(String[] args) throws Exception {
        Path configFile = null;
        boolean checkOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config", "-c" -> {
                    if (i + 1 >= args.length) {
                        usage("--config needs a file");
                    }
                    configFile = Path.of(args[++i]);
                }
                case "--check" -> checkOnly = true;
                case "--help", "-h" -> usage(null);
                default -> usage("unknown argument: " + args[i]);
            }
        }
        if (configFile == null && System.getenv("HEIMDALL_CONFIG") != null) {
            configFile = Path.of(System.getenv("HEIMDALL_CONFIG"));
        }
        HeimdallConfig config;
        try {
            ConfigLoader loader = configLoader(System.getenv());
            if (configFile == null) {
                config = ConfigLoader.defaults();
            } else if (!Files.isReadable(configFile)) {
                System.err.println(configFile + ": cannot read the configuration file");
                System.exit(2);
                return;
            } else {
                config = loader.load(configFile);
            }
        } catch (ConfigException e) {
            System.err.println("invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (checkOnly) {
            System.out.println((configFile == null ? "built-in defaults" : configFile) + ": configuration is valid ("
                    + config.providers().size() + " providers, " + config.models().size() + " model aliases)");
            return;
        }
        HeimdallNode node = start(config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("shutdown did not complete cleanly: {}", e.toString());
            }
        }, "heimdall-shutdown"));
        LOG.info("Heimdall listening on http://{}:{} ({} providers, {} aliases, {} event loops)",
                config.server().host(), node.port(), config.providers().size(), config.models().size(),
                config.server().eventLoops());
    }

    private static void usage(String problem) {
        if (problem != null) {
            System.err.println(problem);
        }
        System.err.println("usage: java -jar heimdall.jar [--config FILE] [--check]");
        System.exit(problem == null ? 0 : 2);
    }
}
