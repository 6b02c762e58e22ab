package io.switchboard.client;

import io.switchboard.protocol.HistoryPage;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The hub layer: one resumable session over a {@link ReconnectingSocket} (WebSocket for {@code ws://},
 * TCP lines for {@code tcp://}, by the URI's scheme). The client keeps its
 * subscriptions, registrations and watched documents as the source of truth and restores them
 * when the hub could not resume the session; it acks what it processed, resends requests (calls
 * included) not yet answered, with their ids, so the hub carries each out once, and drops any
 * frame whose {@code seq} it already processed, so no message is handled and no invoke run twice.
 * Its parts: {@link Requests}, {@link Subscriptions}, {@link Callees} (RPC as a callee) and
 * {@link Documents} (state documents).
 *
 * <p>Handlers run on the socket's receiving thread, one at a time: keep them short. Results are
 * {@link CompletableFuture}s; bound them with {@code orTimeout} or {@code get(timeout, unit)}.
 */
public final class HubClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HubClient.class.getName());
    private static final int ACK_EVERY = 100;
    private static final long DEFAULT_CALL_TIMEOUT = 10_000;
    /** How much longer than its timeout a call waits for the hub's answer before failing here. */
    private static final long CALL_GRACE = 2_000;

    private final Builder config;
    private final Pacer pacer;
    private final ReconnectingSocket socket;
    private final Requests requests = new Requests();
    private final Sequence sequence = new Sequence(ACK_EVERY);
    private final Subscriptions subscriptions = new Subscriptions();
    private final Requester requester = new Requester() {
        @Override
        public CompletableFuture<JsonObject> request(String key, Function<String, String> frame) {
            return HubClient.this.request(key, frame);
        }

        @Override
        public boolean sendIfWelcomed(String frame) {
            return HubClient.this.sendIfWelcomed(frame);
        }
    };
    private final Callees callees = new Callees(requester);
    private final Documents documents = new Documents(requester);
    private final Devices devices;
    private final CompletableFuture<HubClient> firstWelcome = new CompletableFuture<>();
    private volatile boolean welcomed;
    private boolean hadSession;
    private volatile String epoch;
    private volatile JsonObject lastError;
    private ExecutorService calleePool;

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "switchboard-acks");
        t.setDaemon(true);
        return t;
    });

    private HubClient(Builder config) {
        this.config = config;
        this.devices = new Devices(requester, config.onInput, config.onPresence);
        this.socket = new ReconnectingSocket(Transport.forUri(config.uri), config.uri, config.backoff, new Events());
        this.pacer = new Pacer(socket::send);
        timers.scheduleWithFixedDelay(this::drainIfWelcomed, 5, 5, TimeUnit.MILLISECONDS);
        // Acks go out every ACK_EVERY frames, and whatever is left is acked twice a second.
        timers.scheduleWithFixedDelay(() -> ackIfDue(true), 500, 500, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(callees::confirm, 200, 200, TimeUnit.MILLISECONDS);
    }

    public static Builder builder(URI uri) {
        return new Builder(uri);
    }

    /** Connects; the future completes with the first {@code welcome}. */
    public CompletableFuture<HubClient> connect() {
        socket.open();
        return firstWelcome;
    }

    /** Subscribes; the future completes when the hub has answered {@code ok}. */
    public CompletableFuture<Void> subscribe(String pattern, Consumer<Message> handler) {
        return subscribe(pattern, null, handler);
    }

    /**
     * Subscribes with history: the hub first replays the held messages after offset
     * {@code since} (of its current epoch), then goes on live; {@code null} is a plain subscribe.
     * If the session is lost, the client subscribes again from the last offset it delivered.
     */
    public CompletableFuture<Void> subscribe(String pattern, Long since, Consumer<Message> handler) {
        subscriptions.add(pattern, since, handler);
        return request(Subscriptions.key(pattern), id -> Frames.sub(pattern, id, since, null)).thenApply(ok -> null);
    }

    public CompletableFuture<Void> unsubscribe(String pattern) {
        subscriptions.remove(pattern);
        return request(null, id -> Frames.unsub(pattern, id)).thenApply(ok -> null);
    }

    /** The oldest page of {@code channel}'s history (up to 100 messages, oldest first). */
    public CompletableFuture<HistoryPage> history(String channel) {
        return history(channel, null, null, false);
    }

    /**
     * A page of {@code channel}'s history (docs/protocol.md, History on demand). Forward: the held
     * messages after offset {@code since}, oldest first; {@code reverse}: those before it, newest
     * first ({@code since} null: from the oldest, or the newest, held). {@code limit} is 1..1000,
     * null for 100. Ask the next page with the page's {@link HistoryPage#next()} while it says
     * {@link HistoryPage#more()}; {@link HistoryPage#gap()} says what history no longer holds.
     */
    public CompletableFuture<HistoryPage> history(String channel, Long since, Integer limit, boolean reverse) {
        return request(null, id -> Frames.history(channel, id, since, limit, reverse)).thenApply(HistoryPage::read);
    }

    /** Publishes; the future completes with the message's offset once the hub routed it. */
    public CompletableFuture<Long> publish(String channel, JsonValue data) {
        return publish(channel, data, false);
    }

    public CompletableFuture<Long> publish(String channel, JsonValue data, boolean retain) {
        return request(null, id -> Frames.pub(channel, data, id, retain))
                .thenApply(ok -> ok.getJsonNumber("off").longValue());
    }

    /**
     * Calls the one callee the hub picks for {@code channel}, with the hub's default timeout
     * (10 s); the future completes with the result's data, or with a {@link HubException} whose
     * code is {@code no_callee}, {@code timeout}, {@code callee_error} or {@code callee_gone}.
     */
    public CompletableFuture<JsonValue> call(String channel, JsonValue data) {
        return call(channel, data, null);
    }

    /**
     * Calls with a timeout (the frame's {@code timeout}). Like a publish, a call not yet answered
     * when the connection drops is sent again; should no answer come at all (the hub out of
     * reach), the future fails with {@code timeout} here too, a little after the timeout.
     */
    public CompletableFuture<JsonValue> call(String channel, JsonValue data, Duration timeout) {
        Long millis = timeout == null ? null : Math.max(1, timeout.toMillis());
        String id = requests.nextId();
        CompletableFuture<JsonObject> answer = send(id, null, Frames.call(channel, data, id, millis));
        long wait = (millis == null ? DEFAULT_CALL_TIMEOUT : millis) + CALL_GRACE;
        try {
            timers.schedule(() -> requests.expire(id, new HubException("timeout",
                    "no answer to the call of " + channel + " within " + wait + " ms")), wait, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            requests.expire(id, new HubException("closed", "the client is closed"));
        }
        return answer.thenApply(result -> result.getOrDefault("data", JsonValue.NULL));
    }

    /**
     * Offers to answer calls on {@code pattern}. For each {@code invoke} the callee runs on the
     * receiving thread and its stage's value is yielded (complete the stage elsewhere for long
     * work). A callee that throws or completes exceptionally yields an {@code error} with its
     * message (and, for a {@link HubException}, its code). Registrations are restored when the hub
     * could not resume the session; an invoke the hub sends again after a resume is not run twice.
     */
    public CompletableFuture<Void> register(String pattern, Function<Invocation, CompletionStage<JsonValue>> callee) {
        return callees.register(pattern, callee);
    }

    /** {@link #register} for a blocking callee: each invoke runs on a thread of the client's own pool. */
    public CompletableFuture<Void> serve(String pattern, Function<Invocation, JsonValue> callee) {
        return register(pattern, inv -> CompletableFuture.supplyAsync(() -> callee.apply(inv), calleePool()));
    }

    public CompletableFuture<Void> unregister(String pattern) {
        return callees.unregister(pattern);
    }

    /** Follows the state document {@code channel} (under {@code /state/}); one view per channel. */
    public DocumentView watch(String channel) {
        return documents.watch(channel, null);
    }

    /** {@link #watch(String)} with a change listener in place before the first snapshot can come. */
    public DocumentView watch(String channel, Consumer<DocumentView> onChange) {
        return documents.watch(channel, onChange);
    }

    public CompletableFuture<Void> unwatch(String channel) {
        return documents.unwatch(channel);
    }

    /**
     * Changes a state document with a merge patch (RFC 7386); with a {@code base} the hub refuses
     * ({@code conflict}) unless it is the document's rev. Completes with the new rev.
     */
    public CompletableFuture<Long> patchMerge(String channel, JsonObject merge, Long base) {
        return request(null, id -> Frames.patchMerge(channel, merge, base, id)).thenApply(HubClient::rev);
    }

    /** Changes a state document with RFC 6902 ops ({@code patch_failed} if they do not apply). */
    public CompletableFuture<Long> patchOps(String channel, JsonArray ops, Long base) {
        return request(null, id -> Frames.patchOps(channel, ops, base, id)).thenApply(HubClient::rev);
    }

    /**
     * A device sends {@code data} to all its viewers. Like a publish it is sent again after a
     * reconnect until the hub answers; check {@link #online()} first for readings that are not worth
     * sending late.
     */
    public CompletableFuture<Void> emit(JsonValue data) {
        return request(null, id -> Frames.emit(data, id)).thenApply(ok -> null);
    }

    /**
     * Sends {@code data} to the device {@code device}; the hub queues it while the device's session
     * lives, and the future fails with {@code device_offline} when it has none.
     */
    public CompletableFuture<Void> input(String device, JsonValue data) {
        return request(null, id -> Frames.input(device, data, id)).thenApply(ok -> null);
    }

    /**
     * Views {@code device} (a browser views one device at a time): its emits go to {@code onEmit},
     * its presence to the builder's {@code onPresence}. {@code null} stops viewing. The view is
     * restored if the hub loses the session.
     */
    public CompletableFuture<Void> view(String device, Consumer<DeviceEmit> onEmit) {
        return devices.view(device, onEmit);
    }

    /** Whether the client is connected and welcomed right now. */
    public boolean online() {
        return welcomed;
    }

    public long lastSeq() {
        return sequence.last();
    }

    public String epoch() {
        return epoch;
    }

    public String clientId() {
        return config.client;
    }

    /** Cuts the connection as a network fault would; the client reconnects and resumes. */
    public void dropConnection() {
        socket.drop();
    }

    /** Ends the session ({@code bye}) and closes the socket for good. */
    @Override
    public void close() {
        timers.shutdownNow();
        synchronized (this) {
            if (calleePool != null) {
                calleePool.shutdownNow();
            }
        }
        socket.send(Frames.bye()).exceptionally(t -> null);
        socket.close();
    }

    private static long rev(JsonObject ok) {
        return ok.get("rev") instanceof JsonNumber n ? n.longValue() : -1;
    }

    /** Sends a request frame with a fresh id now, or after the next welcome if not connected. */
    private CompletableFuture<JsonObject> request(String key, Function<String, String> frame) {
        String id = requests.nextId();
        return send(id, key, frame.apply(id));
    }

    private CompletableFuture<JsonObject> send(String id, String key, String text) {
        CompletableFuture<JsonObject> result = new CompletableFuture<>();
        boolean sendNow;
        synchronized (this) {
            requests.add(id, key, text, result);
            sendNow = welcomed;
        }
        if (sendNow) {
            pacer.send(text);
        }
        return result;
    }

    private boolean sendIfWelcomed(String frame) {
        if (!welcomed) {
            return false;
        }
        pacer.send(frame);
        return true;
    }

    private synchronized ExecutorService calleePool() {
        if (calleePool == null) {
            calleePool = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "switchboard-callee");
                t.setDaemon(true);
                return t;
            });
        }
        return calleePool;
    }

    private void welcome(JsonObject w) {
        // Two heartbeats and a little more without a frame or a ping: the connection is dead (the
        // hub drops a silent socket after two heartbeats too).
        socket.dropWhenSilentFor(java.time.Duration.ofMillis(w.getJsonNumber("heartbeat") == null ? 60_000
                : w.getJsonNumber("heartbeat").longValue() * 2 + 500));
        boolean resumed = w.getBoolean("resumed", false);
        String previousEpoch = epoch;
        epoch = w.getString("epoch", null);
        List<String> resend;
        boolean first;
        synchronized (this) {
            first = !hadSession;
            if (!resumed) {
                sequence.reset();
                if (hadSession) {
                    restore(subscriptions.restore(previousEpoch));
                    restore(callees.restore());
                    restore(documents.restore());
                    restore(devices.restore());
                }
            }
            hadSession = true;
            welcomed = true;
            resend = requests.frames();
        }
        pacer.limit(rateOf(w));
        resend.forEach(pacer::send);
        callees.welcomed(resumed);
        if (first) {
            firstWelcome.complete(this);
        } else {
            config.onReconnect.accept(resumed);
        }
    }

    /** The hub lost the session: subscribe, register and watch again, unless already pending. */
    private void restore(Map<String, Function<String, String>> what) {
        what.forEach(requests::addUnlessPending);
    }

    private void drainIfWelcomed() {
        if (welcomed) {
            pacer.drain();
        }
    }

    private static int rateOf(JsonObject welcome) {
        JsonObject limits = welcome.getJsonObject("limits");
        return limits != null && limits.get("rate") instanceof JsonNumber n ? n.intValue() : 1000;
    }

    private void frame(JsonObject f) {
        String op = f.getString("op", "");
        if (f.get("seq") instanceof JsonNumber n) {
            Sequence.Verdict v = sequence.accept(op, n.longValue(), f);
            if (v == Sequence.Verdict.MISSING) {
                LOG.log(System.Logger.Level.WARNING, "seq {0} after {1}: frames missing, reconnecting", n, sequence.last());
                socket.drop(); // the resume asks again from the last seq processed, rather than acking what never came
            }
            if (v != Sequence.Verdict.NEXT) {
                return;
            }
        }
        switch (op) {
            case "welcome" -> welcome(f);
            case "msg" -> subscriptions.deliver(f);
            case "ok", "result", "history" -> requests.answered(f, null, this::unanswered);
            case "error" -> requests.answered(f, f.getJsonObject("error"), this::unanswered);
            case "invoke" -> callees.invoke(f);
            case "snapshot" -> documents.snapshot(f);
            case "patched" -> documents.patched(f);
            case "pong" -> callees.pong(f);
            case "gap" -> gap(f);
            case "input" -> devices.input(f);
            case "emit" -> devices.emitted(f);
            case "presence" -> devices.presence(f);
            case "expiring" -> expiring(f);
            default -> LOG.log(System.Logger.Level.DEBUG, "frame ignored: {0}", op);
        }
    }

    /**
     * Replaces this session's token without reconnecting; the future completes with the new
     * token's expiry (epoch ms; {@code Long.MAX_VALUE} if it has none), or fails with a
     * {@link HubException} ({@code unauthorized}, {@code forbidden} for a token of another user).
     * Later reconnects still say hello with the builder's token (supplier).
     */
    public CompletableFuture<Long> refresh(String token) {
        return request(null, id -> Frames.refresh(token, id))
                .thenApply(ok -> ok.get("expires") instanceof JsonNumber n ? n.longValue() : Long.MAX_VALUE);
    }

    /** The hub warns that the token ends soon: with a token supplier, a fresh one is fetched (off this thread) and sent. */
    private void expiring(JsonObject f) {
        if (!config.refreshes) {
            LOG.log(System.Logger.Level.WARNING, "the session's token expires in {0} ms and no token supplier is set",
                    f.get("in"));
            return;
        }
        CompletableFuture.supplyAsync(config.tokens).thenCompose(this::refresh).whenComplete((expires, error) -> {
            if (error != null) {
                LOG.log(System.Logger.Level.WARNING, "refreshing the session''s token failed: {0}", error.toString());
            }
        });
    }

    private void unanswered(JsonObject error) {
        lastError = error;
        config.onError.accept(error);
    }

    private void gap(JsonObject f) {
        if (Sequence.isSeqGap("gap", f)) {
            documents.resyncAll();
        }
        config.onGap.accept(f);
    }

    private void ackIfDue(boolean force) {
        if (welcomed) {
            long seq = sequence.ackDue(force);
            if (seq > 0) {
                pacer.send(Frames.ack(seq));
            }
        }
    }

    private final class Events implements ReconnectingSocket.Listener {
        @Override
        public void opened(boolean first) {
            socket.send(Frames.hello(config.client, config.name, config.kind, config.tokens.get(), sequence.resumeFrom()));
        }

        @Override
        public void text(String text) {
            for (JsonObject f : Frames.read(text)) {
                frame(f);
            }
            ackIfDue(false);
        }

        @Override
        public void failed(Throwable error) {
            config.onConnectFailure.accept(error);
        }

        @Override
        public void closed(int code, String reason) {
            synchronized (HubClient.this) {
                welcomed = false;
                pacer.clear();
            }
            // 4003: an admin ended the session (docs/admin.md); coming back would defy them.
            if (code == 1008 || code == 4003 || code == 1000 && "bye".equals(reason)) {
                socket.close();
                JsonObject why = lastError;
                firstWelcome.completeExceptionally(why != null && code == 1008
                        ? new HubException(why.getString("code", "closed"), why.getString("message", code + " " + reason))
                        : new HubException("closed", code + " " + reason));
            }
            config.onDisconnect.accept(code, reason);
        }
    }

    /** Settings of a client; {@code client} defaults to a random id (the session is always resumable). */
    public static final class Builder {
        private final URI uri;
        private String client = UUID.randomUUID().toString();
        private String name;
        private String kind;
        private java.util.function.Supplier<String> tokens = () -> null;
        private boolean refreshes;
        private Backoff backoff = Backoff.standard();
        private Consumer<Boolean> onReconnect = resumed -> { };
        private BiConsumer<Integer, String> onDisconnect = (code, reason) -> { };
        private Consumer<JsonObject> onGap = gap -> LOG.log(System.Logger.Level.WARNING, "gap: {0}", gap);
        private Consumer<JsonObject> onError = error -> { };
        private Consumer<Throwable> onConnectFailure = error -> { };
        private Consumer<DeviceInput> onInput = input -> { };
        private Consumer<Presence> onPresence = presence -> { };

        private Builder(URI uri) {
            this.uri = uri;
        }

        public Builder client(String id) { this.client = id; return this; }

        public Builder name(String n) { this.name = n; return this; }

        public Builder kind(String k) { this.kind = k; return this; }

        /** One token for every hello; when the hub says it is {@code expiring}, nothing is done (see {@link #tokens}). */
        public Builder token(String t) { this.tokens = () -> t; this.refreshes = false; return this; }

        /**
         * Where tokens come from: asked for each hello (a reconnect gets a fresh one) and, when the
         * hub says the session's token is {@code expiring}, asked again (on another thread, so it
         * may block) and sent as a {@code refresh}, so the session never ends for its token.
         */
        public Builder tokens(java.util.function.Supplier<String> supplier) { this.tokens = supplier; this.refreshes = true; return this; }

        public Builder backoff(Backoff b) { this.backoff = b; return this; }

        /** After a reconnect: {@code true} if the hub resumed the session, {@code false} if it had expired. */
        public Builder onReconnect(Consumer<Boolean> c) { this.onReconnect = c; return this; }

        public Builder onDisconnect(BiConsumer<Integer, String> c) { this.onDisconnect = c; return this; }

        /** Frames were lost for good (the hub says so with a {@code gap}). */
        public Builder onGap(Consumer<JsonObject> c) { this.onGap = c; return this; }

        /** An {@code error} frame that answers no request of this client (its {@code error}: code, message). */
        public Builder onError(Consumer<JsonObject> c) { this.onError = c; return this; }

        /** An attempt to connect failed ({@code java.net.ConnectException}, a refused handshake, ...); it is retried. */
        public Builder onConnectFailure(Consumer<Throwable> c) { this.onConnectFailure = c; return this; }

        /** A device's inputs, in order, on the receiving thread (set here so none queued by the hub is missed). */
        public Builder onInput(Consumer<DeviceInput> c) { this.onInput = c; return this; }

        /** The viewed device's presence events. */
        public Builder onPresence(Consumer<Presence> c) { this.onPresence = c; return this; }

        public HubClient build() {
            return new HubClient(this);
        }
    }
}
