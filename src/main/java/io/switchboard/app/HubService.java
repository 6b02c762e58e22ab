package io.switchboard.app;

import io.switchboard.auth.Grants;
import io.switchboard.auth.Users;
import io.switchboard.cluster.ClusterNode;
import io.switchboard.hub.Hub;
import io.switchboard.auth.Authenticator;
import io.switchboard.security.EitherTokens;
import io.switchboard.security.IssuerTokens;
import io.switchboard.security.JwtAuthenticator;
import io.switchboard.hub.Limits;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.routing.LocalBus;
import io.switchboard.routing.LocalMessageLog;
import io.switchboard.routing.Router;
import io.switchboard.security.WebOrigins;
import io.switchboard.sessions.LocalSessionStore;
import io.switchboard.sessions.SessionStore;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Owns the one hub of this application: built from configuration at start-up, ticked once a
 * second (heartbeats, session expiry), shut down with the application.
 *
 * <p>Writes to clients run on a small pool of the container's managed threads rather than on a
 * managed executor per task: a managed task submission captures the Jakarta context each time,
 * which is far too dear on the fan-out path.
 */
@ApplicationScoped
public class HubService {
    private static final System.Logger LOG = System.getLogger(HubService.class.getName());

    @Inject
    HubSettings settings;

    @Inject
    ClusterSettings clusterSettings;

    @Resource
    ManagedThreadFactory threads;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private Hub hub;
    private ExecutorService flusher;
    private ScheduledThreadPoolExecutor timers;
    private ScheduledFuture<?> ticker;
    private volatile boolean ready;
    private Users users;
    private JwtAuthenticator tokens;
    private ClusterNode cluster;

    private WebOrigins webOrigins;

    @Inject
    ShutdownHook shutdownHook;

    /** The application's own authorizer, if it brings one (docs/hooks.md). */
    @Inject
    jakarta.enterprise.inject.Instance<io.switchboard.hub.Authorizer> authorizers;

    @PostConstruct
    void start() {
        Limits limits = settings.limits();
        Router router;
        SessionStore store;
        // Call deadlines on a plain scheduler with managed threads: one managed task per call would
        // capture the Jakarta context each time.
        timers = new ScheduledThreadPoolExecutor(1, threads);
        timers.setRemoveOnCancelPolicy(true);
        if (clusterSettings.enabled()) {
            cluster = new ClusterNode(ClusterNode.lookup(clusterSettings.hazelcastJndi()),
                    clusterSettings.logCapacity(), limits, threads, timers);
            router = cluster.router();
            store = cluster.sessions();
        } else {
            // The single node: nothing of the cluster on the path.
            router = new Router(new LocalMessageLog(limits.history(), limits.historyTtl(),
                    limits.budgets().retainedTtl(), limits.budgets().historyBytes(), System::currentTimeMillis),
                    new LocalBus());
            store = new LocalSessionStore();
        }
        hub = new Hub(router, store, timers, limits, new FrameCodec(settings.jsonInput()), System::currentTimeMillis);
        if (cluster != null) {
            cluster.started(hub);
            LOG.log(System.Logger.Level.INFO, "cluster mode: member {0} of {1}", cluster.memberId(), cluster.members());
        }
        startEvents();
        webOrigins = new WebOrigins(settings.hosts(), settings.origins());
        stopOnSigterm();
        secure();
        hub.limitConnectionsPerAddress(settings.connectionsPerAddress());
        int n = settings.flusherThreads();
        flusher = new ThreadPoolExecutor(n, n, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), threads);
        ticker = scheduler.scheduleAtFixedRate(hub::tick, 1, 1, TimeUnit.SECONDS);
        ready = true;
        LOG.log(System.Logger.Level.INFO, "Switchboard hub ready: epoch {0}, limits {1}", hub.epoch(), limits.toJson());
    }

    /** The hub's events run on one managed thread; the application's authorizer is used if it has one. */
    private void startEvents() {
        hub.events().limitQueue(settings.hooksQueue());
        hub.events().start(threads);
        if (authorizers.isAmbiguous()) {
            throw new IllegalStateException("more than one bean implements io.switchboard.hub.Authorizer: keep one");
        }
        if (authorizers.isResolvable()) {
            hub.authorizeWith(authorizers.get());
            LOG.log(System.Logger.Level.INFO, "the application's authorizer is asked too");
        }
    }

    /**
     * Auth is on when users or an external issuer are configured; without either the hub runs open
     * and says so. Users get the hub's own HS256 tokens (POST /api/token); an issuer's tokens are
     * checked against its JWKS. Both may be on at once.
     */
    private void secure() {
        users = Users.parse(settings.users());
        Grants grants = Grants.parse(settings.roles());
        Authenticator issuer = settings.jwks().map(keys -> issuerTokens(keys, grants)).orElse(null);
        if (users.isEmpty() && issuer == null) {
            LOG.log(System.Logger.Level.WARNING, "Switchboard runs OPEN: no switchboard.auth.users or switchboard.auth.jwks "
                    + "are configured, so anyone who reaches it may publish, subscribe and call");
            return;
        }
        if (!users.isEmpty()) {
            tokens = new JwtAuthenticator(ownSecret(), grants, settings.tokenTtl(), System::currentTimeMillis);
        }
        hub.secure(tokens == null ? issuer : issuer == null ? tokens : new EitherTokens(tokens, issuer));
        LOG.log(System.Logger.Level.INFO, "auth is on: {0}", (tokens != null ? "the hub's own tokens" : "")
                + (tokens != null && issuer != null ? " and " : "") + (issuer != null ? "tokens of " + settings.issuer().orElse("") : ""));
    }

    private Authenticator issuerTokens(String keys, Grants grants) {
        String iss = settings.issuer().orElseThrow(() -> new IllegalStateException(
                "switchboard.auth.jwks needs switchboard.auth.issuer (the iss its tokens carry)"));
        return new IssuerTokens(IssuerTokens.keysAt(keys), iss, settings.audience().orElse(null), settings.rolesClaim(), grants);
    }

    private byte[] ownSecret() {
        return settings.secret().map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8)).orElseGet(() -> {
            if (cluster != null) {
                // Every node must accept the others' tokens, and a secret kept in the cluster's
                // maps could be read by any member: each node is given it in its configuration.
                throw new IllegalStateException("a cluster with switchboard.auth.users needs switchboard.auth.secret "
                        + "(at least 32 bytes, the same on every node)");
            }
            LOG.log(System.Logger.Level.WARNING, "no switchboard.auth.secret: tokens are signed with a random key "
                    + "and stop working when the hub restarts");
            byte[] random = new byte[32];
            new java.security.SecureRandom().nextBytes(random);
            return random;
        });
    }

    /** The token issuer, or null when the hub runs open. */
    public JwtAuthenticator tokens() {
        return tokens;
    }

    public Users users() {
        return users;
    }

    public HubSettings settings() {
        return settings;
    }

    /** The Host names and Origins HTTP and WebSocket requests are checked against. */
    public WebOrigins webOrigins() {
        return webOrigins;
    }

    /** Forces the bean (and so the hub) to start with the application, not on first use. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        hub();
    }

    /** On SIGTERM (ShutdownHook) every hub connection is told 1012; TCP lines get their close frame. */
    private void stopOnSigterm() {
        Hub h = hub;
        shutdownHook.onStop(() -> {
            ready = false;
            h.shutdown();
        }, h::connectionCount);
    }

    @PreDestroy
    void stop() {
        ready = false;
        hub.shutdown();
        if (ticker != null) {
            ticker.cancel(false);
        }
        flusher.shutdown();
        timers.shutdown();
        hub.events().stop();
        if (cluster != null) {
            cluster.stop();
        }
    }

    /** This node's part of the cluster, or null on a single node. */
    public ClusterNode cluster() {
        return cluster;
    }

    public Hub hub() {
        return hub;
    }

    public ExecutorService flusher() {
        return flusher;
    }

    /** Whether /ws may use the Tyrus fast paths (switchboard.websocket.fastPath): raw frames, a plain idle timer. */
    public boolean fastPath() {
        return settings.fastPath();
    }

    /** A plain scheduler on managed threads, for timers that fire per call or per frame. */
    public ScheduledExecutorService timers() {
        return timers;
    }

    public boolean ready() {
        return ready;
    }
}
