package io.switchboard.websocket;

import io.switchboard.sockets.Peer;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A direct WebSocket as a {@link Peer}. Texts queue here and a pump on the flusher threads writes
 * everything queued as one write through the {@link FrameWriter} (the Tyrus raw-frame fast path
 * where it is on), one write in flight. More than {@code maxQueued} texts waiting is a slow
 * consumer: the socket is closed with 1013 and later texts are refused.
 */
final class WsPeer implements Peer {
    private static final System.Logger LOG = System.getLogger(WsPeer.class.getName());
    private static final int WRITE_TEXTS = 256;
    private static final ByteBuffer PING = ByteBuffer.allocate(0);

    private record Pending(String text, CompletableFuture<Void> sent) {
    }

    private final jakarta.websocket.Session ws;
    private final FrameWriter writer;
    private final Executor flusher;
    private final int maxQueued;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile CloseReason closing;

    WsPeer(jakarta.websocket.Session ws, FrameWriter writer, Executor flusher, int maxQueued) {
        this.ws = ws;
        this.writer = writer;
        this.flusher = flusher;
        this.maxQueued = maxQueued;
    }

    @Override
    public CompletionStage<Void> send(String text) {
        if (closing != null) {
            return CompletableFuture.failedFuture(new IOException("socket closing"));
        }
        if (queued.incrementAndGet() > maxQueued) {
            LOG.log(System.Logger.Level.WARNING, "slow consumer on {0}: more than {1} texts waiting, closing with 1013",
                    ws.getRequestURI().getPath(), maxQueued);
            close(1013, "slow consumer");
            return CompletableFuture.failedFuture(new IOException("slow consumer"));
        }
        Pending p = new Pending(text, new CompletableFuture<>());
        queue.add(p);
        wake();
        return p.sent();
    }

    private void wake() {
        if (scheduled.compareAndSet(false, true)) {
            flusher.execute(this::pump);
        }
    }

    private void pump() {
        List<Pending> batch = new ArrayList<>();
        for (Pending p; batch.size() < WRITE_TEXTS && (p = queue.poll()) != null; ) {
            batch.add(p);
        }
        if (batch.isEmpty()) {
            if (closing != null) {
                closeNow();
                return;
            }
            scheduled.set(false);
            if ((!queue.isEmpty() || closing != null) && scheduled.compareAndSet(false, true)) {
                flusher.execute(this::pump);
            }
            return;
        }
        queued.addAndGet(-batch.size());
        List<String> texts = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            texts.add(p.text());
        }
        writer.write(texts, false).whenComplete((r, t) -> {
            for (Pending p : batch) {
                if (t == null) {
                    p.sent().complete(null);
                } else {
                    p.sent().completeExceptionally(t);
                }
            }
            if (t != null) {
                LOG.log(System.Logger.Level.DEBUG, "write failed, closing: {0}", String.valueOf(t));
                closing = new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "write failed");
                closeNow();
                return;
            }
            flusher.execute(this::pump);
        });
    }

    @Override
    public void close(int code, String reason) {
        if (closing == null) {
            closing = new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason);
        }
        wake();
    }

    private void closeNow() {
        for (Pending p; (p = queue.poll()) != null; ) {
            p.sent().completeExceptionally(new IOException("socket closed"));
        }
        try {
            if (ws.isOpen()) {
                ws.close(closing);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "close failed: {0}", String.valueOf(e));
        }
    }

    @Override
    public void ping() {
        try {
            ws.getAsyncRemote().sendPing(PING.duplicate());
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "ping failed: {0}", String.valueOf(e));
        }
    }
}
