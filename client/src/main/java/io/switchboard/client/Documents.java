package io.switchboard.client;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/** The client's watched state documents: one {@link DocumentView} per channel. */
final class Documents {
    private static final System.Logger LOG = System.getLogger(Documents.class.getName());

    private final Requester hub;
    private final Map<String, DocumentView> views = new LinkedHashMap<>();

    Documents(Requester hub) {
        this.hub = hub;
    }

    static String key(String channel) {
        return "watch " + channel;
    }

    /** The view of {@code channel}, made and watched if new; {@code onChange} (if any) is added first. */
    DocumentView watch(String channel, Consumer<DocumentView> onChange) {
        DocumentView view;
        synchronized (this) {
            view = views.get(channel);
            if (view != null) {
                if (onChange != null) {
                    view.onChange(onChange);
                }
                return view;
            }
            view = new DocumentView(channel, () -> unwatch(channel));
            if (onChange != null) {
                view.onChange(onChange);
            }
            views.put(channel, view);
        }
        DocumentView watching = view;
        hub.request(key(channel), id -> Frames.watch(channel, id)).whenComplete((ok, t) -> {
            if (t != null) {
                synchronized (this) {
                    views.remove(channel, watching);
                }
                watching.failed(t);
            }
        });
        return view;
    }

    CompletableFuture<Void> unwatch(String channel) {
        synchronized (this) {
            if (views.remove(channel) == null) {
                return CompletableFuture.completedFuture(null);
            }
        }
        return hub.request(null, id -> Frames.unwatch(channel, id)).thenApply(ok -> null);
    }

    /** What to watch again when the hub lost the session (request key to frame); the views await a snapshot. */
    synchronized Map<String, Function<String, String>> restore() {
        Map<String, Function<String, String>> out = new LinkedHashMap<>();
        for (DocumentView view : views.values()) {
            view.resyncing();
            out.put(key(view.channel()), id -> Frames.watch(view.channel(), id));
        }
        return out;
    }

    void snapshot(JsonObject f) {
        DocumentView view = view(f);
        if (view != null && f.get("data") instanceof JsonObject doc && f.get("rev") instanceof JsonNumber rev) {
            view.snapshot(rev.longValue(), doc);
        }
    }

    void patched(JsonObject f) {
        DocumentView view = view(f);
        if (view == null || !(f.get("rev") instanceof JsonNumber rev)) {
            return;
        }
        JsonValue ops = f.get("ops");
        if (!(ops instanceof JsonArray array) || !view.patched(rev.longValue(), array)) {
            rewatch(view);
        }
    }

    /** Frames were lost (a {@code gap}): changes may be among them, so every view starts again. */
    void resyncAll() {
        List<DocumentView> all;
        synchronized (this) {
            all = new ArrayList<>(views.values());
        }
        all.forEach(this::rewatch);
    }

    /** Watches again for a fresh snapshot; the view ignores changes until it comes. */
    private void rewatch(DocumentView view) {
        String ch = view.channel();
        synchronized (this) {
            if (views.get(ch) != view) {
                return;
            }
        }
        view.resyncing();
        hub.request(null, id -> Frames.unwatch(ch, id)).exceptionally(t -> null);
        hub.request(key(ch), id -> Frames.watch(ch, id)).whenComplete((ok, t) -> {
            if (t != null) {
                LOG.log(System.Logger.Level.WARNING, "watching " + ch + " again failed", t);
            }
        });
    }

    private synchronized DocumentView view(JsonObject f) {
        return views.get(f.getString("ch", ""));
    }
}
