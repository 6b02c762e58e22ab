package io.switchboard.client;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The hub layer: one resumable session over a {@link ReconnectingSocket}. The client keeps its
 * subscriptions as the source of truth and restores them when the hub could not resume the
 * session; it acks what it processed, resends requests not yet answered (with their ids, so the
 * hub carries each out once), and drops any frame whose {@code seq} it already processed.
 *
 * <p>Handlers run on the socket's receiving thread, one at a time: keep them short. Results are
 * {@link CompletableFuture}s; bound them with {@code orTimeout} or {@code get(timeout, unit)}.
 */
public final class HubClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HubClient.class.getName());
    private static final int ACK_EVERY = 100;

    private record Subscription(String pattern, Pattern matcher, Consumer<Message> handler) {
    }

    private record Pending(String frame, CompletableFuture<JsonObject> result) {
    }

    private final Builder config;
    private final Pacer pacer;
    private final ReconnectingSocket socket;
    private final String idPrefix = UUID.randomUUID().toString().substring(0, 8) + "-";
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final CompletableFuture<HubClient> firstWelcome = new CompletableFuture<>();
    private long lastSeq;
    private long ackedSeq;
    private boolean welcomed;
    private boolean hadSession;
    private volatile String epoch;

    private final java.util.concurrent.ScheduledExecutorService acker =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "switchboard-acks");
                t.setDaemon(true);
                return t;
            });

    private HubClient(Builder config) {
        this.config = config;
        this.socket = new ReconnectingSocket(config.uri, config.backoff, new Events());
        this.pacer = new Pacer(socket::send);
        acker.scheduleWithFixedDelay(this::drainIfWelcomed, 5, 5, java.util.concurrent.TimeUnit.MILLISECONDS);
        // Acks go out every ACK_EVERY frames, and whatever is left is acked twice a second.
        acker.scheduleWithFixedDelay(() -> ackIfDue(true), 500, 500, java.util.concurrent.TimeUnit.MILLISECONDS);
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
        synchronized (this) {
            subscriptions.put(pattern, new Subscription(pattern, new Pattern(pattern), handler));
        }
        return request(id -> Frames.sub(pattern, id, null, null)).thenApply(ok -> null);
    }

    public CompletableFuture<Void> unsubscribe(String pattern) {
        synchronized (this) {
            subscriptions.remove(pattern);
        }
        return request(id -> Frames.unsub(pattern, id)).thenApply(ok -> null);
    }

    /** Publishes; the future completes with the message's offset once the hub routed it. */
    public CompletableFuture<Long> publish(String channel, JsonValue data) {
        return publish(channel, data, false);
    }

    public CompletableFuture<Long> publish(String channel, JsonValue data, boolean retain) {
        return request(id -> Frames.pub(channel, data, id, retain))
                .thenApply(ok -> ok.getJsonNumber("off").longValue());
    }

    /** Sends a request frame with a fresh id now, or after the next welcome if not connected. */
    private CompletableFuture<JsonObject> request(java.util.function.Function<String, String> frame) {
        String id = idPrefix + ids.incrementAndGet();
        String text = frame.apply(id);
        CompletableFuture<JsonObject> result = new CompletableFuture<>();
        boolean sendNow;
        synchronized (this) {
            pending.put(id, new Pending(text, result));
            sendNow = welcomed;
        }
        if (sendNow) {
            pacer.send(text);
        }
        return result;
    }

    public synchronized long lastSeq() {
        return lastSeq;
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
        acker.shutdownNow();
        socket.send(Frames.bye()).exceptionally(t -> null);
        socket.close();
    }

    private void welcome(JsonObject w) {
        boolean resumed = w.getBoolean("resumed", false);
        epoch = w.getString("epoch", null);
        List<String> resend = new ArrayList<>();
        boolean first;
        synchronized (this) {
            first = !hadSession;
            if (!resumed) {
                lastSeq = 0;
                ackedSeq = 0;
                if (hadSession) {
                    restoreSubscriptions();
                }
            }
            hadSession = true;
            welcomed = true;
            pending.values().forEach(p -> resend.add(p.frame()));
        }
        pacer.limit(rateOf(w));
        resend.forEach(pacer::send);
        if (first) {
            firstWelcome.complete(this);
        } else {
            config.onReconnect.accept(resumed);
        }
    }

    private void drainIfWelcomed() {
        synchronized (this) {
            if (!welcomed) {
                return;
            }
        }
        pacer.drain();
    }

    private static int rateOf(JsonObject welcome) {
        JsonObject limits = welcome.getJsonObject("limits");
        return limits != null && limits.get("rate") instanceof JsonNumber n ? n.intValue() : 1000;
    }

    /** The hub lost the session: subscribe again to everything (pending subs are resent anyway). */
    private void restoreSubscriptions() {
        for (Subscription s : subscriptions.values()) {
            boolean queued = pending.values().stream().anyMatch(p -> p.frame().contains("\"op\":\"sub\"")
                    && p.frame().contains("\"ch\":\"" + s.pattern() + "\""));
            if (!queued) {
                String id = idPrefix + ids.incrementAndGet();
                pending.put(id, new Pending(Frames.sub(s.pattern(), id, null, null), new CompletableFuture<>()));
            }
        }
    }

    private void frame(JsonObject f) {
        String op = f.getString("op", "");
        if (f.get("seq") instanceof JsonNumber n && !inSequence(op, n.longValue(), f)) {
            return;
        }
        switch (op) {
            case "welcome" -> welcome(f);
            case "msg" -> deliver(f);
            case "ok" -> answered(f, null);
            case "error" -> answered(f, f.getJsonObject("error"));
            case "gap" -> config.onGap.accept(f);
            default -> LOG.log(System.Logger.Level.DEBUG, "frame ignored: {0}", op);
        }
    }

    /**
     * Frames come in seq order with none skipped; a {@code gap} may stand for a range that ends at
     * its seq. A frame already processed is a resend and is dropped. A skipped seq means frames
     * went missing on the way: the connection is dropped, and the resume asks again from the last
     * seq processed, rather than acking what never came.
     */
    private boolean inSequence(String op, long seq, JsonObject f) {
        synchronized (this) {
            if (seq <= lastSeq) {
                return false;
            }
            long first = "gap".equals(op) && f.get("from") instanceof JsonNumber from ? from.longValue() : seq;
            if (first > lastSeq + 1) {
                LOG.log(System.Logger.Level.WARNING, "seq {0} after {1}: frames missing, reconnecting", seq, lastSeq);
                socket.drop();
                return false;
            }
            lastSeq = seq;
            return true;
        }
    }

    private void deliver(JsonObject f) {
        Message m = new Message(f.getString("ch"), f.get("data"), f.getJsonNumber("off").longValue(),
                f.getString("from", null), f.getJsonNumber("seq").longValue());
        List<Subscription> matching = new ArrayList<>();
        synchronized (this) {
            for (Subscription s : subscriptions.values()) {
                if (s.matcher().matches(m.channel())) {
                    matching.add(s);
                }
            }
        }
        for (Subscription s : matching) {
            try {
                s.handler().accept(m);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "subscription handler of " + s.pattern() + " failed", e);
            }
        }
    }

    private void answered(JsonObject f, JsonObject error) {
        JsonValue idValue = f.get("id");
        if (idValue == null) {
            if (error != null) {
                LOG.log(System.Logger.Level.WARNING, "hub error: {0}", error.getString("message", ""));
            }
            return;
        }
        String id = idValue.getValueType() == JsonValue.ValueType.STRING ? f.getString("id") : idValue.toString();
        Pending p;
        synchronized (this) {
            p = pending.remove(id);
        }
        if (p == null) {
            return;
        }
        if (error == null) {
            p.result().complete(f);
        } else {
            p.result().completeExceptionally(new HubException(error.getString("code", "error"), error.getString("message", "")));
        }
    }

    private void ackIfDue(boolean force) {
        long seq;
        synchronized (this) {
            if (!welcomed || lastSeq <= ackedSeq || (!force && lastSeq - ackedSeq < ACK_EVERY)) {
                return;
            }
            seq = lastSeq;
            ackedSeq = seq;
        }
        pacer.send(Frames.ack(seq));
    }

    private final class Events implements ReconnectingSocket.Listener {
        @Override
        public void opened(boolean first) {
            long resume;
            synchronized (HubClient.this) {
                resume = lastSeq;
                ackedSeq = lastSeq;
            }
            socket.send(Frames.hello(config.client, config.name, config.kind, config.token, resume));
        }

        @Override
        public void text(String text) {
            for (JsonObject f : Frames.read(text)) {
                frame(f);
            }
            ackIfDue(false);
        }

        @Override
        public void closed(int code, String reason) {
            synchronized (HubClient.this) {
                welcomed = false;
                pacer.clear();
            }
            if (code == 1008 || code == 1000 && "bye".equals(reason)) {
                socket.close();
                firstWelcome.completeExceptionally(new HubException("closed", code + " " + reason));
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
        private String token;
        private Backoff backoff = Backoff.standard();
        private Consumer<Boolean> onReconnect = resumed -> { };
        private BiConsumer<Integer, String> onDisconnect = (code, reason) -> { };
        private Consumer<JsonObject> onGap = gap -> LOG.log(System.Logger.Level.WARNING, "gap: {0}", gap);

        private Builder(URI uri) {
            this.uri = uri;
        }

        public Builder client(String id) { this.client = id; return this; }

        public Builder name(String n) { this.name = n; return this; }

        public Builder kind(String k) { this.kind = k; return this; }

        public Builder token(String t) { this.token = t; return this; }

        public Builder backoff(Backoff b) { this.backoff = b; return this; }

        /** After a reconnect: {@code true} if the hub resumed the session, {@code false} if it had expired. */
        public Builder onReconnect(Consumer<Boolean> c) { this.onReconnect = c; return this; }

        public Builder onDisconnect(BiConsumer<Integer, String> c) { this.onDisconnect = c; return this; }

        /** Frames were lost for good (the hub says so with a {@code gap}). */
        public Builder onGap(Consumer<JsonObject> c) { this.onGap = c; return this; }

        public HubClient build() {
            return new HubClient(this);
        }
    }
}
