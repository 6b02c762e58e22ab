package io.switchboard.client;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/** The client's subscriptions: it hands each message to every handler whose pattern matches. */
final class Subscriptions {
    private static final System.Logger LOG = System.getLogger(Subscriptions.class.getName());

    /** {@code since} is null for a plain subscription; {@code lastOff} is the last offset delivered to it. */
    private record Subscription(String pattern, Pattern matcher, Consumer<Message> handler, Long since, AtomicLong lastOff) {
    }

    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();

    static String key(String pattern) {
        return "sub " + pattern;
    }

    synchronized void add(String pattern, Long since, Consumer<Message> handler) {
        subscriptions.put(pattern, new Subscription(pattern, new Pattern(pattern), handler, since,
                new AtomicLong(since == null ? -1 : since)));
    }

    synchronized void remove(String pattern) {
        subscriptions.remove(pattern);
    }

    /**
     * What to subscribe again when the hub lost the session (request key to frame). A
     * subscription with history goes on after the last offset it delivered, in the epoch it had.
     */
    synchronized Map<String, Function<String, String>> restore(String previousEpoch) {
        Map<String, Function<String, String>> out = new LinkedHashMap<>();
        for (Subscription s : subscriptions.values()) {
            long off = s.lastOff().get();
            out.put(key(s.pattern()), id -> s.since() == null ? Frames.sub(s.pattern(), id, null, null)
                    : Frames.sub(s.pattern(), id, off, previousEpoch));
        }
        return out;
    }

    void deliver(JsonObject f) {
        if (!(f.get("off") instanceof JsonNumber off) || !(f.get("seq") instanceof JsonNumber seq)) {
            return;
        }
        Message m = new Message(f.getString("ch", ""), f.get("data"), off.longValue(), f.getString("from", null), seq.longValue());
        List<Subscription> matching = new ArrayList<>();
        synchronized (this) {
            for (Subscription s : subscriptions.values()) {
                if (s.matcher().matches(m.channel())) {
                    matching.add(s);
                    s.lastOff().accumulateAndGet(m.off(), Math::max);
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
}
