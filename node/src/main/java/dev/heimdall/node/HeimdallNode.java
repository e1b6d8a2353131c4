package dev.heimdall.node;

import dev.heimdall.governance.budget.BudgetAdmission;
import dev.heimdall.cluster.admin.LeaseHolder;
import dev.heimdall.cluster.membership.ClusterMember;
import dev.heimdall.cluster.membership.MemberInfo;
import dev.heimdall.governance.health.SharedHealthBoard;
import dev.heimdall.governance.budget.CostEstimator;
import dev.heimdall.governance.limits.RateLimitAdmission;
import dev.heimdall.governance.store.EntityKind;
import dev.heimdall.node.admin.AdminApi;
import dev.heimdall.node.admin.AdminListener;
import dev.heimdall.node.admin.BudgetStatusSource;
import dev.heimdall.node.admin.ClusterService;
import dev.heimdall.node.admin.KeyInfoApi;
import dev.heimdall.node.admin.RoutingExplainHandler;
import dev.heimdall.node.admin.LimitStatusSource;
import dev.heimdall.node.config.ConfigException;
import dev.heimdall.node.pipeline.GovernanceGate;
import dev.heimdall.node.config.ConfigLoader;
import dev.heimdall.node.config.RoutingDocuments;
import dev.heimdall.node.governance.RoutingRefresh;
import dev.heimdall.node.config.HeimdallConfig;
import dev.heimdall.node.guardrails.GuardrailCatalog;
import dev.heimdall.node.guardrails.ModerationClient;
import dev.heimdall.node.lifecycle.Drain;
import dev.heimdall.node.lifecycle.InFlightRequests;
import dev.heimdall.node.observability.GatewayMetrics;
import dev.heimdall.node.pipeline.Gateway;
import dev.heimdall.node.pipeline.GuardrailGate;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/** A running Heimdall node, and {@code main}: {@code java -jar heimdall.jar --config FILE [--check]}. */
public final class HeimdallNode {

    private static final Logger LOG = LoggerFactory.getLogger(HeimdallNode.class);

    private final Vertx vertx;
    private final Gateway gateway;
    private final NodeGovernance governance;
    private final NodeCluster cluster;
    private final Drain drain;
    private final AtomicBoolean ready;
    private final int port;
    private final int adminPort;
    private Future<Void> closing;

    private HeimdallNode(Vertx vertx, Gateway gateway, NodeGovernance governance, NodeCluster cluster, Drain drain,
                         AtomicBoolean ready, int port, int adminPort) {
        this.vertx = vertx;
        this.gateway = gateway;
        this.governance = governance;
        this.cluster = cluster;
        this.drain = drain;
        this.ready = ready;
        this.port = port;
        this.adminPort = adminPort;
    }

    /** Starts a node on its own Vert.x instance; completes once it joined its cluster and every event loop listens. */
    public static Future<HeimdallNode> start(HeimdallConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** @param clock the time routing rules see; tests pass a fixed one */
    public static Future<HeimdallNode> start(HeimdallConfig config, Clock clock) {
        return start(config, clock, member -> NodeGovernance.open(config, clock, member));
    }

    /**
     * @param clock      the time routing rules, keys and budgets see; tests pass a fixed one
     * @param governance opens the governance store and counters once the node is a member of its cluster (blocking,
     *                   on a worker thread); the node closes them
     */
    public static Future<HeimdallNode> start(HeimdallConfig config, Clock clock,
                                             Function<ClusterMember, NodeGovernance> governance) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.server().eventLoops())
                .setPreferNativeTransport(false));
        AtomicReference<ClusterMember> joined = new AtomicReference<>();
        return vertx.executeBlocking(() -> {
                    // joining takes a second or more, and up to the join timeout when no listed peer answers
                    ClusterMember member = ClusterMember.join(config.cluster(), version());
                    joined.set(member);
                    if (!member.isAlone() && config.governance().storage().url().startsWith("jdbc:sqlite:")) {
                        LOG.warn("this node is in a cluster but keeps governance state in a SQLite file of its own:"
                                + " changes made through another node's admin API never reach it; point every"
                                + " node's storage.url at the same PostgreSQL database");
                    }
                    return governance.apply(member);
                })
                .compose(opened -> start(config, clock, vertx, joined.get(), opened))
                .recover(err -> vertx.executeBlocking(() -> {
                            if (joined.get() != null) {
                                joined.get().leave();
                            }
                            return null;
                        })
                        .transform(left -> vertx.close())
                        .transform(closed -> Future.failedFuture(err)));
    }

    private static Future<HeimdallNode> start(HeimdallConfig config, Clock clock, Vertx vertx, ClusterMember member,
                                              NodeGovernance governance) {
        AdapterRegistry adapters = AdapterRegistry.defaults();
        int loops = config.server().eventLoops();
        Drain drain = new Drain(new InFlightRequests(), config.server().drainTimeout());
        SharedHealthBoard health = new SharedHealthBoard(config.health());
        Gateway gateway;
        GuardrailCatalog guardrails;
        try {
            PricingCatalog prices = PricingCatalog.builtIn();
            GovernanceGate gate = new GovernanceGate(governance::keys, config.governance().authenticationRequired(),
                    new RateLimitAdmission(governance.quotas()),
                    new BudgetAdmission(governance.ledger(), governance.windows()),
                    new CostEstimator(prices), governance.usage(), clock);
            GatewayMetrics metrics = new GatewayMetrics();
            guardrails = new GuardrailCatalog(config.guardrails().defaultPolicy(),
                    new ModerationClient(vertx, config.providers()));
            metrics.watchNode(member, drain, health);
            gateway = Gateway.from(config, adapters, provider -> UpstreamAuthorizers.forProvider(vertx, provider),
                    new UsageMeter(prices), metrics, health, clock, gate, new GuardrailGate(vertx, guardrails, metrics),
                    governance.audit().trail());
            governance.audit().bindMetrics(gateway.metrics().registry());
        } catch (RuntimeException e) {
            governance.close();
            return Future.failedFuture(e);
        }
        RoutingDocuments routingDocuments = new RoutingDocuments(configLoader(Map.of()),
                config.governance().routingSections());
        RoutingRefresh routingRefresh = new RoutingRefresh(governance.store(), routingDocuments, gateway);
        governance.addListener(routingRefresh);
        AtomicInteger port = new AtomicInteger();
        NodeCluster cluster = new NodeCluster(member, vertx, health, governance, drain,
                () -> httpAddress(config, member, port.get()), LeaseHolder.NONE);
        AdminApi admin = config.admin().enabled()
                ? new AdminApi(vertx, config.admin(), governance.store(), routingDocuments, governance.changes(),
                        new ClusterService(member, cluster.statuses(), cluster.commands(),
                                command -> NodeCluster.carryOut(command, drain), clock),
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
        AtomicInteger adminPort = new AtomicInteger(-1);
        governance.addListener(change -> {
            if (change.kind() == EntityKind.GUARDRAIL_POLICY) {
                guardrails.reload(governance.store());
            }
        });
        return vertx.executeBlocking(() -> {
                    governance.refreshKeys();
                    routingRefresh.apply();
                    guardrails.reload(governance.store());
                    return null;
                })
                .compose(v -> vertx.deployVerticle(() -> new GatewayVerticle(gateway, ready, drain, port::set,
                                governanceRoutes), new DeploymentOptions().setInstances(loops)))
                .compose(id -> separateAdminPort
                        ? vertx.deployVerticle(new AdminListener(admin, config.server().host(), config.admin().port(),
                                adminPort::set))
                        : Future.succeededFuture(id))
                .map(id -> {
                    governance.startWriting(vertx);
                    ready.set(true);
                    int adminListening = admin == null ? -1 : separateAdminPort ? adminPort.get() : port.get();
                    return new HeimdallNode(vertx, gateway, governance, cluster, drain, ready, port.get(),
                            adminListening);
                })
                .recover(err -> vertx.executeBlocking(() -> {
                            cluster.close();
                            governance.close();
                            return null;
                        })
                        .transform(closed -> Future.failedFuture(err)));
    }

    /**
     * Where other nodes' operators reach this node's gateway (its member's address when it listens on all of them);
     * null until it listens.
     */
    private static String httpAddress(HeimdallConfig config, ClusterMember member, int port) {
        if (port == 0) {
            return null;
        }
        String host = config.server().host();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            String address = member.members().stream().filter(MemberInfo::self).findFirst()
                    .map(MemberInfo::address).orElse("127.0.0.1:0");
            host = address.substring(0, address.lastIndexOf(':'));
        }
        return host + ":" + port;
    }

    /** The Heimdall version this build is, from the jar's manifest; {@code dev} when run from classes. */
    static String version() {
        String version = HeimdallNode.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
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

    /** This node's member of its cluster. */
    public ClusterMember clusterMember() {
        return cluster.member();
    }

    /** Whether this node drains (out of rotation, finishing what it serves). */
    public Drain drain() {
        return drain;
    }

    /**
     * Stops gracefully: drains (unless it drains already), waits for the requests in flight up to the drain's
     * deadline, stores the last usage and spend, closes its listeners, and only then leaves the cluster, so that no
     * request is served by a node outside it. Calling it again returns the same stop.
     */
    public synchronized Future<Void> close() {
        if (closing == null) {
            closing = stop();
        }
        return closing;
    }

    private Future<Void> stop() {
        drain.begin();
        return drain.awaitIdle(vertx)
                .transform(idle -> governance.stopWriting())
                .transform(written -> Future.all(vertx.deploymentIDs().stream().map(vertx::undeploy).toList()))
                .transform(listenersClosed -> {
                    ready.set(false);
                    return vertx.executeBlocking(() -> {
                        cluster.close();
                        return null;
                    });
                })
                .transform(left -> vertx.close())
                .andThen(done -> governance.close());
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
        HeimdallNode node = start(config).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        // SIGTERM (systemd, the kubelet) drains the node before it stops; a drain begun through the admin API goes on
        long stopSeconds = config.server().drainTimeout().toSeconds() + 30;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close().toCompletionStage().toCompletableFuture().get(stopSeconds, TimeUnit.SECONDS);
                LOG.info("Heimdall stopped");
            } catch (Exception e) {
                LOG.warn("shutdown did not complete cleanly: {}", e.toString());
            }
        }, "heimdall-shutdown"));
        LOG.info("Heimdall listening on http://{}:{} ({} providers, {} aliases, {} event loops; cluster member {} of {})",
                config.server().host(), node.port(), config.providers().size(), config.models().size(),
                config.server().eventLoops(), node.clusterMember().id(), node.clusterMember().size());
    }

    private static void usage(String problem) {
        if (problem != null) {
            System.err.println(problem);
        }
        System.err.println("usage: java -jar heimdall.jar [--config FILE] [--check]");
        System.exit(problem == null ? 0 : 2);
    }
}
