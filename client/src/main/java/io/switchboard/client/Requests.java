package io.switchboard.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The requests of a session not yet answered, by id, in the order made: each is sent again
 * after a reconnect until its {@code ok}, {@code result} or {@code error} comes (the hub carries
 * out an id once and answers a repeat as it answered the first).
 */
final class Requests {
    private static final System.Logger LOG = System.getLogger(Requests.class.getName());

    /** {@code key} names what the request restores ({@code "sub /a"}), or is null. */
    private record Pending(String key, String frame, CompletableFuture<JsonObject> result) {
    }

    private final String idPrefix = UUID.randomUUID().toString().substring(0, 8) + "-";
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Pending> pending = new LinkedHashMap<>();

    String nextId() {
        return idPrefix + ids.incrementAndGet();
    }

    synchronized void add(String id, String key, String frame, CompletableFuture<JsonObject> result) {
        pending.put(id, new Pending(key, frame, result));
    }

    /** Adds a request unless one with that key is already pending. */
    synchronized void addUnlessPending(String key, Function<String, String> frame) {
        if (pending.values().stream().noneMatch(p -> key.equals(p.key()))) {
            String id = nextId();
            add(id, key, frame.apply(id), new CompletableFuture<>());
        }
    }

    /** Every pending frame, oldest first, to send again. */
    synchronized List<String> frames() {
        List<String> out = new ArrayList<>(pending.size());
        pending.values().forEach(p -> out.add(p.frame()));
        return out;
    }

    /**
     * An {@code ok}, {@code result} or {@code error} frame; {@code error} null for success. An
     * error that answers no request (it has no id) goes to {@code unanswered}.
     */
    void answered(JsonObject f, JsonObject error, Consumer<JsonObject> unanswered) {
        JsonValue idValue = f.get("id");
        if (idValue == null) {
            if (error != null) {
                LOG.log(System.Logger.Level.WARNING, "hub error: {0}", error.getString("message", ""));
                unanswered.accept(error);
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

    /** Gives up on a request (its future fails with {@code e}); nothing if it was answered. */
    void expire(String id, HubException e) {
        Pending p;
        synchronized (this) {
            p = pending.remove(id);
        }
        if (p != null) {
            p.result().completeExceptionally(e);
        }
    }
}
