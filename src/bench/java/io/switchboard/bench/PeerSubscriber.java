package io.switchboard.bench;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One subscriber's WebSocket, the same code for every {@link Peer}: once open it sends the peer's
 * subscribe frames one after the other, {@link #subscribed} completes when the peer says it is
 * subscribed, and from then on every text carrying a {@link StampedMessage} is handed to the
 * subscriber's own {@link Receiver}. Messages that arrive in parts are put back together first.
 *
 * <p>The JDK calls one socket's listener methods one at a time, so the fields below are only ever
 * touched by one thread at a time; the receiver is what other threads read.
 */
final class PeerSubscriber implements WebSocket.Listener {

    /** What one subscriber does with each stamped message; called on its socket's listener thread. */
    interface Receiver {
        void received(StampedMessage message, long receivedNs);
    }

    final CompletableFuture<PeerSubscriber> subscribed = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Peer peer;
    private final String key;
    private final Receiver receiver;
    private final StringBuilder parts = new StringBuilder();
    private volatile WebSocket socket;

    PeerSubscriber(Peer peer, String key, Receiver receiver) {
        this.peer = peer;
        this.key = key;
        this.receiver = receiver;
    }

    @Override
    public void onOpen(WebSocket ws) {
        socket = ws;
        ws.request(1);
        List<String> frames = peer.subscribeFrames(key);
        if (frames.isEmpty()) {
            subscribed.complete(this);
            return;
        }
        CompletableFuture<WebSocket> sending = CompletableFuture.completedFuture(ws);
        for (String frame : frames) {
            sending = sending.thenCompose(w -> w.sendText(frame, true)); // one send in flight per socket
        }
        sending.exceptionally(e -> {
            subscribed.completeExceptionally(e);
            return null;
        });
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        parts.append(data);
        if (last) {
            String text = parts.toString();
            parts.setLength(0);
            handle(text, System.nanoTime());
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        return onText(ws, StandardCharsets.UTF_8.decode(data), last);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        subscribed.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
        closed.complete(null);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        subscribed.completeExceptionally(error);
        closed.complete(null);
    }

    private void handle(String text, long receivedNs) {
        if (!subscribed.isDone()) {
            if (peer.confirmsSubscription(text)) {
                subscribed.complete(this);
            }
            return;
        }
        StampedMessage message = StampedMessage.readFrom(text);
        if (message != null && receiver != null) {
            receiver.received(message, receivedNs);
        }
    }

    /** Sends a normal close; {@link #closed} completes when the server has answered it. */
    void close() {
        WebSocket ws = socket;
        if (ws == null) {
            closed.complete(null);
            return;
        }
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> {
            closed.complete(null);
            return null;
        });
    }

    /** Drops the connection without a close handshake, for sockets that did not answer {@link #close}. */
    void abort() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
        closed.complete(null);
    }
}
