package io.switchboard.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The client's side of RPC as a callee: its registrations, the invokes it runs and the yields it
 * owes. A yield is kept until the hub has surely read it (a {@code pong} to a {@code ping} sent
 * after it on the same connection) and is sent again after a resumed reconnect, so an answer lost
 * with a dropped socket still reaches the caller: the hub does not send an acked invoke twice.
 */
final class Callees {
    private static final System.Logger LOG = System.getLogger(Callees.class.getName());
    private static final int MAX_UNCONFIRMED = 10_000;
    private static final String PING_PREFIX = "yields-";

    private record Registration(String pattern, Pattern matcher, Function<Invocation, CompletionStage<JsonValue>> callee) {
    }

    private record Yield(String frame, long number) {
    }

    private final Requester hub;
    /** Guarded by itself (not by this: the session reads it while holding its own lock). */
    private final Map<String, Registration> registrations = new LinkedHashMap<>();
    /** Yields not yet known read by the hub, by invoke id, oldest first; guarded by this. */
    private final LinkedHashMap<String, Yield> unconfirmed = new LinkedHashMap<>();
    private long yields;
    private long pinged;

    Callees(Requester hub) {
        this.hub = hub;
    }

    static String key(String pattern) {
        return "register " + pattern;
    }

    CompletableFuture<Void> register(String pattern, Function<Invocation, CompletionStage<JsonValue>> callee) {
        synchronized (registrations) {
            registrations.put(pattern, new Registration(pattern, new Pattern(pattern), callee));
        }
        return hub.request(key(pattern), id -> Frames.register(pattern, id)).thenApply(ok -> null);
    }

    CompletableFuture<Void> unregister(String pattern) {
        synchronized (registrations) {
            registrations.remove(pattern);
        }
        return hub.request(null, id -> Frames.unregister(pattern, id)).thenApply(ok -> null);
    }

    /** What to register again when the hub lost the session: request key to frame. */
    Map<String, Function<String, String>> restore() {
        Map<String, Function<String, String>> out = new LinkedHashMap<>();
        synchronized (registrations) {
            registrations.keySet().forEach(pattern -> out.put(key(pattern), id -> Frames.register(pattern, id)));
        }
        return out;
    }

    /** Runs the callee of the first registration (in the order registered) that matches the channel. */
    void invoke(JsonObject f) {
        if (!(f.get("id") instanceof jakarta.json.JsonString idValue)) {
            return;
        }
        String id = idValue.getString();
        String ch = f.getString("ch", "");
        JsonValue data = f.getOrDefault("data", JsonValue.NULL);
        Registration r = null;
        synchronized (registrations) {
            for (Registration each : registrations.values()) {
                if (each.matcher().matches(ch)) {
                    r = each;
                    break;
                }
            }
        }
        if (r == null) {
            answer(id, Frames.yieldError(id, "this client no longer answers " + ch, null));
            return;
        }
        CompletionStage<JsonValue> stage;
        try {
            stage = r.callee().apply(new Invocation(ch, data));
        } catch (RuntimeException | Error e) {
            stage = CompletableFuture.failedFuture(e);
        }
        if (stage == null) {
            stage = CompletableFuture.completedFuture(JsonValue.NULL);
        }
        stage.whenComplete((v, t) -> answer(id, t == null
                ? Frames.yieldData(id, v == null ? JsonValue.NULL : v)
                : failure(id, t)));
    }

    static String failure(String invokeId, Throwable t) {
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof HubException h) {
            return Frames.yieldError(invokeId, h.detail(), h.code());
        }
        String message = t.getMessage() != null ? t.getMessage() : t.getClass().getName();
        return Frames.yieldError(invokeId, message, null);
    }

    /** Keeps the yield until confirmed and sends it now if connected (in order with the pings). */
    synchronized void answer(String invokeId, String frame) {
        unconfirmed.put(invokeId, new Yield(frame, ++yields));
        if (unconfirmed.size() > MAX_UNCONFIRMED) {
            Iterator<String> oldest = unconfirmed.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        hub.sendIfWelcomed(frame);
    }

    /** Asks the hub to confirm the yields sent since the last ask (called a few times a second). */
    synchronized void confirm() {
        if (yields > pinged && !unconfirmed.isEmpty() && hub.sendIfWelcomed(Frames.ping(PING_PREFIX + yields))) {
            pinged = yields;
        }
    }

    /** A {@code pong}: every yield sent before its ping has been read. */
    synchronized void pong(JsonObject f) {
        String id = f.getString("id", "");
        if (!id.startsWith(PING_PREFIX)) {
            return;
        }
        long upTo;
        try {
            upTo = Long.parseLong(id.substring(PING_PREFIX.length()));
        } catch (NumberFormatException e) {
            return;
        }
        unconfirmed.values().removeIf(y -> y.number() <= upTo);
    }

    /** After a welcome: resumed, the yields the hub may not have read go again; else they are moot. */
    synchronized void welcomed(boolean resumed) {
        pinged = 0;
        if (!resumed) {
            unconfirmed.clear();
            return;
        }
        if (!unconfirmed.isEmpty()) {
            LOG.log(System.Logger.Level.DEBUG, "sending {0} yields again", unconfirmed.size());
        }
        for (Yield y : unconfirmed.values()) {
            hub.sendIfWelcomed(y.frame());
        }
    }

    synchronized int unconfirmed() {
        return unconfirmed.size();
    }
}
