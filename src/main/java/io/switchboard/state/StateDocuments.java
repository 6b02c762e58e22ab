package io.switchboard.state;

import io.switchboard.channels.ChannelPath;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.JsonText;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.sessions.Session;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hub's state documents. Each document's monitor serialises its patches and its
 * watchers' frames, so every watcher sees the same revisions in the same order, and a new watcher
 * gets a snapshot that the next {@code patched} follows exactly. Lock order: document, then session.
 */
public final class StateDocuments {
    private static final class Document {
        private long rev;
        private JsonObject value = JsonValue.EMPTY_JSON_OBJECT;
        private final Set<Session> watchers = new LinkedHashSet<>();
        /** Cluster mode: whether this copy was loaded from the cluster, and changes that came before their turn. */
        private boolean loaded;
        private final java.util.TreeMap<Long, Object[]> early = new java.util.TreeMap<>();
    }

    private final JsonProvider json;
    private final Map<ChannelPath, Document> documents = new ConcurrentHashMap<>();
    private volatile SharedDocuments shared;

    /** Cluster mode: documents live in the cluster; this node keeps copies for its watchers. */
    public void share(SharedDocuments s) {
        this.shared = s;
    }

    private final int maxDocuments;
    private final int maxBytes;

    public StateDocuments(JsonProvider json) {
        this(json, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /** At most {@code maxDocuments} documents, each at most {@code maxBytes} of JSON text (limits.documents, limits.documentBytes). */
    public StateDocuments(JsonProvider json, int maxDocuments, int maxBytes) {
        this.json = json;
        this.maxDocuments = maxDocuments;
        this.maxBytes = maxBytes;
    }

    public static void requireStateChannel(ChannelPath ch) throws ProtocolException {
        if (!"state".equals(ch.segment(0))) {
            throw new ProtocolException(ErrorCode.BAD_CHANNEL, "state documents live under /state, not " + ch);
        }
    }

    /** Adds a watcher: it gets {@code okFrame} (if any), then the snapshot, then every change. */
    public void watch(Session s, ChannelPath ch, String okFrame) throws ProtocolException {
        Document d = document(ch);
        synchronized (d) {
            loadIfShared(ch, d);
            d.watchers.add(s);
            if (okFrame != null) {
                s.sendTransient(okFrame);
            }
            s.sendSequenced(JsonText.op("snapshot").str("ch", ch.value()).num("rev", d.rev)
                    .raw("data", d.value.toString()).open());
        }
    }

    public void unwatch(Session s, ChannelPath ch) {
        Document d = documents.get(ch);
        if (d != null) {
            synchronized (d) {
                d.watchers.remove(s);
            }
        }
    }

    /**
     * Applies a merge patch or JSON Patch ops; returns the new rev. With {@code base}, fails with
     * {@code conflict} unless it is the current rev; ops that cannot apply fail with
     * {@code patch_failed} and change nothing. Every accepted patch is a new rev, even one that changes nothing.
     */
    public long patch(ChannelPath ch, JsonValue merge, JsonArray ops, Long base) throws ProtocolException {
        SharedDocuments cluster = shared;
        if (cluster != null) {
            return cluster.update(ch, (rev, value) -> {
                if (base != null && base != rev) {
                    throw new ProtocolException(ErrorCode.CONFLICT, "base " + base + " is not the current rev " + rev);
                }
                return withinSize(ch, merge != null ? merged(value, merge) : applied(value, ops));
            }, (from, to) -> json.createDiff(from, to).toJsonArray());
        }
        Document d = document(ch);
        synchronized (d) {
            if (base != null && base != d.rev) {
                throw new ProtocolException(ErrorCode.CONFLICT, "base " + base + " is not the current rev " + d.rev);
            }
            JsonObject next = withinSize(ch, merge != null ? merged(d.value, merge) : applied(d.value, ops));
            JsonArray diff = json.createDiff(d.value, next).toJsonArray();
            d.value = next;
            d.rev++;
            String frame = JsonText.op("patched").str("ch", ch.value()).num("rev", d.rev).raw("ops", diff.toString()).open();
            for (Session w : d.watchers) {
                w.sendSequenced(frame);
            }
            return d.rev;
        }
    }

    private JsonObject withinSize(ChannelPath ch, JsonObject next) throws ProtocolException {
        if (next.toString().length() > maxBytes) {
            throw new ProtocolException(ErrorCode.OVERLOADED, ch + " would be over " + maxBytes
                    + " bytes (limits.documentBytes); nothing changed");
        }
        return next;
    }

    private JsonObject merged(JsonObject doc, JsonValue merge) throws ProtocolException {
        JsonValue out = json.createMergePatch(merge).apply(doc);
        if (out.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new ProtocolException(ErrorCode.PATCH_FAILED, "a merge patch must leave the document an object");
        }
        return out.asJsonObject();
    }

    private JsonObject applied(JsonObject doc, JsonArray ops) throws ProtocolException {
        try {
            return json.createPatch(ops).apply(doc);
        } catch (JsonException | ClassCastException | IllegalArgumentException | NullPointerException e) {
            throw new ProtocolException(ErrorCode.PATCH_FAILED, "the ops cannot be applied: " + e.getMessage());
        }
    }

    /**
     * Cluster mode: a change announced by some node. A copy takes changes in rev order (holding
     * those that come early) and tells its watchers; a document this node has no copy of is
     * loaded when first watched, so its changes are not kept here until then.
     */
    public void changed(ChannelPath ch, long rev, JsonObject value, String opsJson) {
        Document d = documents.get(ch);
        if (d == null) {
            return;
        }
        synchronized (d) {
            if (!d.loaded || rev <= d.rev) {
                return;
            }
            d.early.put(rev, new Object[] {value, opsJson});
            while (!d.early.isEmpty() && d.early.firstKey() == d.rev + 1) {
                Object[] next = d.early.pollFirstEntry().getValue();
                d.rev++;
                d.value = (JsonObject) next[0];
                String frame = JsonText.op("patched").str("ch", ch.value()).num("rev", d.rev).raw("ops", (String) next[1]).open();
                for (Session w : d.watchers) {
                    w.sendSequenced(frame);
                }
            }
        }
    }

    private void loadIfShared(ChannelPath ch, Document d) {
        SharedDocuments cluster = shared;
        if (cluster != null && !d.loaded) {
            Snapshot now = cluster.load(ch);
            d.rev = now.rev();
            d.value = now.data();
            d.loaded = true;
        }
    }

    /** The document now, and its rev (for HTTP reads and tests). */
    public Snapshot snapshot(ChannelPath ch) {
        SharedDocuments cluster = shared;
        if (cluster != null) {
            return cluster.load(ch);
        }
        Document d = documents.get(ch);
        if (d == null) {
            return new Snapshot(0, JsonValue.EMPTY_JSON_OBJECT);
        }
        synchronized (d) {
            return new Snapshot(d.rev, d.value);
        }
    }

    public record Snapshot(long rev, JsonObject data) {
    }

    public void sessionEnded(Session s) {
        for (Document d : documents.values()) {
            synchronized (d) {
                d.watchers.remove(s);
            }
        }
    }

    /** The document, made if new, unless that would pass {@code limits.documents}. */
    private Document document(ChannelPath ch) throws ProtocolException {
        Document d = documents.get(ch);
        if (d != null) {
            return d;
        }
        if (documents.size() >= maxDocuments) {
            throw new ProtocolException(ErrorCode.OVERLOADED, "the hub holds " + maxDocuments
                    + " state documents (limits.documents); no new one is made");
        }
        return documents.computeIfAbsent(ch, c -> new Document());
    }

    public int count() {
        return documents.size();
    }
}
