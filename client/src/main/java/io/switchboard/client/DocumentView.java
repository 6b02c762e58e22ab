package io.switchboard.client;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A live view of a state document (a channel under {@code /state/**}), made by
 * {@link HubClient#watch(String)}. It starts from the hub's {@code snapshot} and applies each
 * {@code patched} frame's RFC 6902 ops in turn. A change whose {@code rev} is not one higher than
 * the view's, or whose ops do not apply, makes the client watch again for a fresh snapshot; the
 * changes in between are skipped, never applied out of order.
 *
 * <p>Until {@link #ready()} completes, {@link #current()} is {@code {}} and {@link #rev()} is -1.
 * Listeners run on the client's receiving thread, one at a time: keep them short.
 */
public final class DocumentView implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DocumentView.class.getName());

    /** What the view shows, swapped whole so readers on other threads see one consistent state. */
    private record State(long rev, JsonObject doc, JsonArray ops) {
    }

    private final String channel;
    private final Runnable unwatch;
    private final CompletableFuture<DocumentView> ready = new CompletableFuture<>();
    private final List<Consumer<DocumentView>> listeners = new CopyOnWriteArrayList<>();
    private volatile State state = new State(-1, JsonValue.EMPTY_JSON_OBJECT, null);
    private volatile boolean resyncing;

    DocumentView(String channel, Runnable unwatch) {
        this.channel = channel;
        this.unwatch = unwatch;
    }

    public String channel() {
        return channel;
    }

    /** The document as of {@link #rev()}. */
    public JsonObject current() {
        return state.doc();
    }

    /** The document's revision; -1 before the first snapshot. */
    public long rev() {
        return state.rev();
    }

    /** The ops of the change last applied; {@code null} when the view last took a snapshot. */
    public JsonArray lastOps() {
        return state.ops();
    }

    /** Completes with this view at its first snapshot, or exceptionally if the hub refused the watch. */
    public CompletableFuture<DocumentView> ready() {
        return ready;
    }

    /** Called after every snapshot and every change applied. */
    public DocumentView onChange(Consumer<DocumentView> listener) {
        listeners.add(listener);
        return this;
    }

    /** Stops following the document ({@code unwatch}). */
    @Override
    public void close() {
        unwatch.run();
    }

    /** A snapshot replaces whatever the view had. */
    void snapshot(long rev, JsonObject doc) {
        state = new State(rev, doc, null);
        resyncing = false;
        ready.complete(this);
        fire();
    }

    /**
     * Applies one change. False means the view can no longer follow (a rev skipped, ops that do
     * not apply) and needs a fresh snapshot; it then ignores changes until that snapshot comes.
     * A change at or below the view's rev is an old one and is ignored.
     */
    boolean patched(long rev, JsonArray ops) {
        State s = state;
        if (resyncing || s.rev() < 0 || rev <= s.rev()) {
            return true;
        }
        if (rev != s.rev() + 1) {
            LOG.log(System.Logger.Level.INFO, "{0}: rev {1} after {2}, watching again", channel, rev, s.rev());
            resyncing = true;
            return false;
        }
        try {
            state = new State(rev, Json.createPatch(ops).apply(s.doc()), ops);
        } catch (JsonException | ClassCastException e) {
            LOG.log(System.Logger.Level.WARNING, channel + ": change " + rev + " does not apply, watching again", e);
            resyncing = true;
            return false;
        }
        fire();
        return true;
    }

    /** Ignore changes until the next snapshot (the client asked for one). */
    void resyncing() {
        resyncing = true;
    }

    boolean isResyncing() {
        return resyncing;
    }

    void failed(Throwable t) {
        ready.completeExceptionally(t);
    }

    private void fire() {
        for (Consumer<DocumentView> l : listeners) {
            try {
                l.accept(this);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "change listener of " + channel + " failed", e);
            }
        }
    }
}
