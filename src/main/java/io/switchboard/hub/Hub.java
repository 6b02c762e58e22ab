package io.switchboard.hub;

import io.switchboard.auth.Action;
import io.switchboard.auth.Authenticator;
import io.switchboard.auth.Identity;
import io.switchboard.channels.BadChannelException;
import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.devices.Devices;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.HistoryPage;
import io.switchboard.protocol.JsonInput;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.Since;
import io.switchboard.routing.ChannelCount;
import io.switchboard.routing.ChannelObserver;
import io.switchboard.routing.Feed;
import io.switchboard.routing.Message;
import io.switchboard.routing.Router;
import io.switchboard.rpc.CallRouter;
import io.switchboard.rpc.Caller;
import io.switchboard.rpc.PendingCalls;
import io.switchboard.rpc.RemoteCallees;
import io.switchboard.sessions.Link;
import io.switchboard.sessions.LocalSessionStore;
import io.switchboard.sessions.Session;
import io.switchboard.sessions.SessionListener;
import io.switchboard.sessions.SessionStore;
import io.switchboard.state.StateDocuments;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The facade every transport calls. It owns the router and the sessions; transports hand it
 * connections ({@link #connect}) and it hands them back a {@link Connection} to feed frames to.
 */
public final class Hub {
    private static final System.Logger LOG = System.getLogger(Hub.class.getName());
    public static final long DEFAULT_CALL_TIMEOUT = 10_000;
    static final long MAX_CALL_TIMEOUT = 600_000;

    private final Router router;
    private final Limits limits;
    private final ScheduledExecutorService timers;
    private final FrameCodec codec;
    private final LongSupplier clock;
    /** Monotonic nanoseconds for the rate limiter; tests replace it to make bursts exact. */
    private volatile LongSupplier nanoClock = System::nanoTime;
    private final SessionStore sessions;
    private final CallRouter calls;
    private final StateDocuments documents;
    private final Devices devices;
    private final java.util.Map<String, String> nameOwners = new ConcurrentHashMap<>();
    private volatile Authenticator auth;
    private final java.util.Map<String, AtomicInteger> perAddress =
            new ConcurrentHashMap<>();
    private volatile int maxPerAddress = Integer.MAX_VALUE;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final HubStats stats = new HubStats();
    private final SessionListener listener = this::slowConsumer;
    private final SessionBudgets sessionBudgets;
    private final ServerApi serverApi = new ServerApi(this);
    private final HistoryPages historyPages = new HistoryPages(this);
    private final HubEvents events;
    private volatile Authorizer authorizer = Authorizer.ALLOW_ALL;

    /** A hub with call deadlines on a daemon timer of its own (for tests and tools). */
    public Hub(Router router, Limits limits, FrameCodec codec, LongSupplier clock) {
        this(router, new LocalSessionStore(), Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-call-deadlines");
            t.setDaemon(true);
            return t;
        }), limits, codec, clock);
    }

    public Hub(Router router, SessionStore sessions, ScheduledExecutorService timers,
               Limits limits, FrameCodec codec, LongSupplier clock) {
        this.router = router;
        this.sessions = sessions;
        Budgets b = limits.budgets();
        this.calls = new CallRouter(new PendingCalls(timers, "i-" + router.log().epoch() + "-", b.callsPerSession(), b.calls()),
                () -> stats.overloaded(Budget.CALLS));
        this.documents = new StateDocuments(codec.json(), b.documents(), b.documentBytes());
        this.devices = new Devices(router, clock);
        this.limits = limits;
        this.timers = timers;
        this.codec = codec;
        this.clock = clock;
        this.sessionBudgets = new SessionBudgets(b.sessionsPerUser(), b.sessionsPerAddress(), stats);
        this.events = new HubEvents(clock);
        router.watchSubscriptions(events);
    }

    /** The hub's events for the application (docs/hooks.md): listen, then start them. */
    public HubEvents events() {
        return events;
    }

    /** The application's authorizer, asked after the grants (docs/hooks.md); set once, at start-up. */
    public void authorizeWith(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    Authorizer authorizer() {
        return authorizer;
    }

    /** Sessions per user and per address (limits.sessionsPerUser, limits.sessionsPerAddress). */
    SessionBudgets sessionBudgets() {
        return sessionBudgets;
    }

    public Connection connect(Link link, Handshake handshake) {
        Connection c = new Connection(this, link, handshake);
        connections.add(c);
        String address = handshake.remoteAddress();
        if (address != null && perAddress.computeIfAbsent(address, a -> new AtomicInteger())
                .incrementAndGet() > maxPerAddress) {
            LOG.log(System.Logger.Level.WARNING, "refusing a connection: more than {0} from one address", maxPerAddress);
            c.drop(1008, "too many connections from this address");
        }
        return c;
    }

    /**
     * At most this many connections from one remote address (switchboard.limits.connectionsPerAddress),
     * and as many socket sessions, live or waiting for a resume.
     */
    public void limitConnectionsPerAddress(int max) {
        this.maxPerAddress = max;
        sessionBudgets.limitSocketSessionsPerAddress(max); // detached sessions of sockets count too
    }

    /** The live session of a client id, or null. */
    public Session session(String client) {
        Session s = sessions.find(client);
        return s == null || s.ended() ? null : s;
    }

    /** The Server API (docs/admin.md): this node's live sessions, oldest first. */
    public List<SessionInfo> sessionList() {
        return serverApi.sessions();
    }

    /** Ends a session of this node: its connection closes with 4003 "disconnected by admin"; {@code not_found} if none. */
    public void disconnect(String client) throws ProtocolException {
        serverApi.disconnect(client);
    }

    /** Ends every session of {@code user} on this node, as {@link #disconnect}; returns how many. */
    public int disconnectUser(String user) {
        return serverApi.disconnectUser(user);
    }

    /** Subscribes a session server-side (it is told by a {@code subscribed} frame); false if it already was. */
    public boolean subscribeFor(String client, String ch) throws ProtocolException {
        return serverApi.subscribe(client, ch);
    }

    /** Unsubscribes a session server-side (told by {@code unsubscribed}); false if it was not subscribed. */
    public boolean unsubscribeFor(String client, String ch) throws ProtocolException {
        return serverApi.unsubscribe(client, ch);
    }

    /** The live channels {@code pattern} (default {@code /**}) matches, with their subscribers on this node. */
    public List<ChannelCount> channelList(String pattern) throws ProtocolException {
        return serverApi.channels(pattern);
    }

    /** Publishes on behalf of a client or the HTTP API; validates the channel and the grant first. */
    public Message publish(String ch, String dataJson, boolean retain, String from, Identity who)
            throws ProtocolException {
        ChannelPath channel = concreteChannel(ch);
        if (channel.isSystem()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "clients do not publish to system channels");
        }
        require(who, from, Action.PUBLISH, channel);
        if (retain && !"null".equals(dataJson)
                && !router.log().admitsRetained(dataJson.length() + channel.value().length() + 160L)) {
            stats.overloaded(Budget.RETAINED);
            throw new ProtocolException(ErrorCode.OVERLOADED, "retained values fill limits.historyBytes ("
                    + limits.budgets().historyBytes() + " bytes); clear some or publish without retain");
        }
        Message m = router.publish(channel, dataJson, from, retain);
        events.published(m);
        return m;
    }

    /** Calls the channel's callee on behalf of a session or the HTTP API; {@code timeout} in ms. */
    public void call(Caller caller, String ch, String dataJson, long timeoutMillis, Identity who)
            throws ProtocolException {
        if (timeoutMillis <= 0 || timeoutMillis > MAX_CALL_TIMEOUT) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "timeout must be 1.." + MAX_CALL_TIMEOUT + " ms");
        }
        ChannelPath channel = concreteChannel(ch);
        require(who, Action.CALL, channel);
        calls.call(caller, channel, dataJson, timeoutMillis);
    }

    /**
     * A page of one channel's history for a session ({@code inbox}: its inbox name) or the HTTP
     * API ({@code inbox} null); see {@link HistoryPages}.
     */
    public HistoryPage history(String ch, Since since, Integer limit, boolean reverse, Identity who,
                               String inbox) throws ProtocolException {
        return historyPages.page(ch, since, limit, reverse, who, inbox);
    }

    static ChannelPath concreteChannel(String ch) throws ProtocolException {
        try {
            return ChannelPath.parse(ch);
        } catch (BadChannelException e) {
            throw new ProtocolException(ErrorCode.BAD_CHANNEL, e.getMessage());
        }
    }

    static ChannelPattern pattern(String ch) throws ProtocolException {
        try {
            return ChannelPattern.parse(ch);
        } catch (BadChannelException e) {
            throw new ProtocolException(ErrorCode.BAD_CHANNEL, e.getMessage());
        }
    }

    /** Heartbeats and session expiry; the container calls it about once a second. */
    public void tick() {
        long now = clock.getAsLong();
        for (Connection c : connections) {
            c.heartbeat(now);
        }
        for (Session s : sessions.expired(now, limits.sessionTtl())) {
            endSession(s);
        }
        router.log().sweep();
    }

    void endSession(Session s) {
        sessionBudgets.ended(s);
        s.end();
        sessions.remove(s);
        calls.sessionEnded(s);
        documents.sessionEnded(s);
        devices.ended(s);
    }

    void forget(Connection c, String address) {
        if (connections.remove(c) && address != null) {
            perAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
    }

    private void slowConsumer(Session s, int dropped) {
        stats.slowConsumers.increment();
        stats.dropped.add(dropped);
        LOG.log(System.Logger.Level.WARNING, "slow consumer: session of client {0} fell {1} frames behind; "
                + "dropped {2} oldest, closing with 1013", s.client(), limits.queue(), dropped);
    }

    /** Every session ends and every connection closes with 1012 (the hub is stopping). */
    public void shutdown() {
        for (Connection c : connections) {
            c.drop(1012, "the hub is restarting");
        }
    }

    CallRouter calls() {
        return calls;
    }

    /** Cluster mode: calls with no callee on this node go to the other nodes'. */
    public void offerCallsTo(RemoteCallees remote) {
        calls.remote(remote);
    }

    /** A call handed over by another node (channel already checked and granted there). */
    public void callHere(Caller caller, ChannelPath channel, String dataJson, long timeoutMillis) {
        calls.callHere(caller, channel, dataJson, timeoutMillis);
    }

    /** Turns auth on: every session then needs a valid token. Called once, at start-up. */
    public void secure(Authenticator authenticator) {
        this.auth = authenticator;
    }

    public Authenticator auth() {
        return auth;
    }

    /** Names are bound to the first user who claims one, for as long as the hub runs. */
    boolean claimNameFor(String name, String user) {
        return nameOwners.computeIfAbsent(name, n -> user).equals(user);
    }

    /** Checks a grant for a session or HTTP identity, then asks the authorizer; an open hub grants everything. */
    public void require(Identity who, Action action, ChannelPath channel)
            throws ProtocolException {
        require(who, null, action, channel);
    }

    public void require(Identity who, Action action, ChannelPattern pattern) throws ProtocolException {
        require(who, null, action, pattern);
    }

    /** As {@link #require(Identity, Action, ChannelPath)}, for the session of {@code inbox}. */
    void require(Identity who, String inbox, Action action, ChannelPath channel)
            throws ProtocolException {
        if (auth != null && who != null && !auth.grants().allows(who.roles(), action, channel)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, action.name().toLowerCase(java.util.Locale.ROOT)
                    + " on " + channel + " is not granted to " + who.user());
        }
        authorize(Asker.of(who, inbox), action, channel.value());
    }

    void require(Identity who, String inbox, Action action,
                 ChannelPattern pattern) throws ProtocolException {
        if (auth != null && who != null && !auth.grants().allows(who.roles(), action, pattern)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, action.name().toLowerCase(java.util.Locale.ROOT)
                    + " on " + pattern + " is not granted to " + who.user());
        }
        authorize(Asker.of(who, inbox), action, pattern.value());
    }

    /**
     * Asks the application's authorizer (after the grants); a refusal, or an authorizer that
     * throws, is {@code forbidden}. Registering and the Server API are the grants' alone.
     */
    void authorize(Asker who, Action action, String channel) throws ProtocolException {
        Authorizer a = authorizer;
        if (a == Authorizer.ALLOW_ALL) {
            return;
        }
        boolean allowed;
        try {
            allowed = switch (action) {
                case SUBSCRIBE -> a.subscribe(who, channel);
                case PUBLISH -> a.publish(who, channel);
                case CALL -> a.call(who, channel);
                case REGISTER, ADMIN -> true;
            };
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the authorizer failed on " + action + " " + channel + "; refused", e);
            allowed = false;
        }
        if (!allowed) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, action.name().toLowerCase(java.util.Locale.ROOT)
                    + " on " + channel + " is refused by the application");
        }
    }

    public Devices devices() {
        return devices;
    }

    public StateDocuments documents() {
        return documents;
    }

    public int registrationCount() {
        return calls.registrations();
    }

    public int pendingCallCount() {
        return calls.pendingCalls();
    }

    /**
     * A subscription without a session (an SSE stream, a {@code /data} channel socket): no inbox,
     * so it never sees {@code /clients/...}. {@code out} is called under {@code lock} (the caller's
     * monitor when what it queues around a start must stay in order with it).
     */
    public Feed feed(Object lock, Feed.Out out) {
        return new Feed(router, null, lock, out);
    }

    /** The highest offset published so far: a position to resume from. */
    public long latestOffset() {
        return router.log().latestOffset();
    }

    /** The retained message of one channel, or null. */
    public Message retained(ChannelPath channel) {
        List<Message> r = router.log().retained(ChannelPattern.of(channel));
        return r.isEmpty() ? null : r.get(0);
    }

    /** Whether the channel has history or a retained value now. */
    public boolean holds(ChannelPath channel) {
        return router.log().holds(channel);
    }

    /**
     * The one watcher of the channel namespace (the index tree), set once at start-up: it hears of
     * every publish and subscription from now on, and is given the channels held now to begin with.
     */
    public List<ChannelPath> observeChannels(ChannelObserver observer) {
        router.observe(observer);
        return router.log().channels();
    }

    /** For the hub's own classes (sessions are made on it); transports subscribe through {@link #feed}. */
    Router router() {
        return router;
    }

    public Limits limits() {
        return limits;
    }

    FrameCodec codec() {
        return codec;
    }

    /** The one reader of client JSON, with the hub's limits: every transport parses through it. */
    public JsonInput jsonInput() {
        return codec.input();
    }

    /** The hub's clock (epoch ms): what token expiry and detached sessions are measured by. */
    public long now() {
        return clock.getAsLong();
    }

    /** The hub's timers: short tasks only (deadlines, expiries), never one that blocks. */
    public ScheduledExecutorService timers() {
        return timers;
    }

    long nanos() {
        return nanoClock.getAsLong();
    }

    /** Replaces the rate limiter's clock (System::nanoTime) for connections opened from now on. */
    public void useNanoClock(LongSupplier nanos) {
        this.nanoClock = nanos;
    }

    SessionStore sessions() {
        return sessions;
    }

    public SessionListener listener() {
        return listener;
    }

    public HubStats stats() {
        return stats;
    }

    public String epoch() {
        return router.log().epoch();
    }

    public int connectionCount() {
        return connections.size();
    }

    public int sessionCount() {
        return sessions.size();
    }

    public int subscriptionCount() {
        return router.subscriptionCount();
    }

    public long publishedCount() {
        return router.publishedCount();
    }

    public long deliveredCount() {
        return router.deliveredCount();
    }

    public long queuedFrames() {
        long sum = 0;
        for (Session s : sessions.all()) {
            sum += s.queueDepth();
        }
        return sum;
    }

    /** Characters of frame text queued in all sessions (each bounded by limits.queueBytes). */
    public long queuedBytes() {
        long sum = 0;
        for (Session s : sessions.all()) {
            sum += s.queueBytes();
        }
        return sum;
    }

    public long historyBytes() {
        return router.log().heldBytes();
    }

    public long historyEvicted() {
        return router.log().evictedForBudget();
    }

    public long maxQueueDepth() {
        long max = 0;
        for (Session s : sessions.all()) {
            max = Math.max(max, s.queueDepth());
        }
        return max;
    }
}
