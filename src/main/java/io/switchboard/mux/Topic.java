package io.switchboard.mux;

import io.switchboard.sockets.Peer;
import io.switchboard.sockets.SocketHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.io.IOException;

/**
 * One topic of a {@code /mux} socket: to its endpoint, a {@link Peer} like any socket. Texts go
 * out through the carrier as {@code msg,<topic>,<text>}, in order, behind whatever the carrier
 * already holds; closing sends {@code uns,<topic>,<code>,<reason>} after them.
 *
 * <p>Events reach the handler one at a time under {@code events}: open, texts, pongs, and
 * {@code closed} exactly once. A close asked for from inside an event (the usual case: the
 * endpoint answers a text by closing) is delivered at once on that thread; one asked for from
 * elsewhere (a hub timer, a write pump that may hold a routing lock) is delivered on the
 * executor, so no thread ever waits for the topic while holding a lock of its own.
 */
final class Topic implements Peer {
    private final String name;
    private final Peer carrier;
    private final Executor executor;
    private final Runnable forget;
    private final ReentrantLock events = new ReentrantLock();
    private final AtomicBoolean closing = new AtomicBoolean();
    private boolean delivered;
    private int closeCode;
    private SocketHandler handler;

    Topic(String name, Peer carrier, Executor executor, Runnable forget) {
        this.name = name;
        this.carrier = carrier;
        this.executor = executor;
        this.forget = forget;
    }

    /** Opens the endpoint's socket; false if the path is no socket (the caller answers {@code uns}). */
    boolean open(java.util.function.Function<Peer, SocketHandler> endpoint) {
        events.lock();
        try {
            SocketHandler h = endpoint.apply(this);
            if (h == null) {
                closing.set(true);
                delivered = true;
                return false;
            }
            handler = h;
            if (closing.get()) {
                deliverClosed();
            }
            return true;
        } finally {
            events.unlock();
        }
    }

    void text(String text) {
        inOrder(() -> handler.text(text));
    }

    void pong() {
        inOrder(() -> handler.pong());
    }

    /** The client unsubscribed, or the carrier closed: nothing more goes out on this topic. */
    void ended(int code) {
        if (closing.compareAndSet(false, true)) {
            closeCode = code;
            forget.run();
            inOrder(this::deliverClosed);
        }
    }

    private void inOrder(Runnable event) {
        events.lock();
        try {
            if (!delivered && handler != null) {
                event.run();
            }
        } finally {
            events.unlock();
        }
    }

    private void deliverClosed() {
        if (!delivered && handler != null) {
            delivered = true;
            handler.closed(closeCode);
        }
    }

    @Override
    public CompletionStage<Void> send(String text) {
        if (closing.get()) {
            return CompletableFuture.failedFuture(new IOException("topic closed: " + name));
        }
        return carrier.send(MuxFrame.msg(name, text));
    }

    @Override
    public void close(int code, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closeCode = code;
        forget.run();
        carrier.send(MuxFrame.uns(name, code, reason));
        if (events.isHeldByCurrentThread()) {
            deliverClosed();
        } else {
            executor.execute(() -> inOrder(this::deliverClosed));
        }
    }

    @Override
    public boolean isOpen() {
        return !closing.get();
    }

    /** A topic has no ping of its own: the carrier's ping probes it, and its pong is every topic's. */
    @Override
    public void ping() {
        carrier.ping();
    }
}
