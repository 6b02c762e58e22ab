package io.switchboard.tcp;

import io.switchboard.hub.HubStats;
import io.switchboard.protocol.JsonText;
import io.switchboard.sessions.Link;
import io.switchboard.sessions.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP connection as the hub's {@link Link}, writing lines. As {@code WsLink}: the pump runs on the
 * writer executor, takes everything pending in the session's outbox (up to 64 KB) and writes it as
 * one write; the write's completion resumes the pump, so there is one write in flight and a device
 * that stops reading holds only that write (the session's queue limit then makes it a slow
 * consumer, 1013). {@code scheduled} guards against a second pump.
 *
 * <p>TCP has no ping and no close code: a ping is the frame {@code {"op":"ping"}}, and a close
 * writes {@code {"op":"close","code":C,"reason":R}} after what is queued, then half-closes (FIN)
 * and lets the peer close, or closes after {@link #CLOSE_GRACE_SECONDS} (docs/tcp.md). It tells
 * {@code afterClose} once the close frame is out.
 */
final class TcpLink implements Link {
    private static final System.Logger LOG = System.getLogger(TcpLink.class.getName());
    private static final int WRITE_CHARS = 64 * 1024;
    static final String PING = "{\"op\":\"ping\"}";
    static final long CLOSE_GRACE_SECONDS = 5;

    private final AsynchronousSocketChannel channel;
    private final Executor writers;
    private final ScheduledExecutorService timers;
    private final HubStats hubStats;
    private final TcpStats stats;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean pingDue = new AtomicBoolean();
    private final List<String> batch = new ArrayList<>();
    private final Runnable afterClose;
    private volatile Session source;
    private final java.util.concurrent.atomic.AtomicReference<Closing> closing = new java.util.concurrent.atomic.AtomicReference<>();
    private volatile boolean closeWritten;

    private record Closing(int code, String reason) {
    }

    TcpLink(AsynchronousSocketChannel channel, Executor writers, ScheduledExecutorService timers, HubStats hubStats,
            TcpStats stats, Runnable afterClose) {
        this.afterClose = afterClose;
        this.channel = channel;
        this.writers = writers;
        this.timers = timers;
        this.hubStats = hubStats;
        this.stats = stats;
    }

    @Override
    public void bind(Session session) {
        this.source = session;
    }

    @Override
    public void wake() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                writers.execute(this::pump);
            } catch (RejectedExecutionException e) {
                abort(); // the listener is stopping
            }
        }
    }

    @Override
    public void ping() {
        pingDue.set(true);
        wake();
    }

    @Override
    public void close(int code, String reason) {
        if (!closing.compareAndSet(null, new Closing(code, reason))) {
            return;
        }
        schedule(this::abort, CLOSE_GRACE_SECONDS);
        wake();
    }

    /** The code the server closed with, or 0 if it has not closed. */
    int closeCode() {
        Closing c = closing.get();
        return c == null ? 0 : c.code();
    }

    private void pump() {
        while (true) {
            if (closeWritten) {
                return; // scheduled stays set: nothing is written after the close frame
            }
            Session s = source;
            batch.clear();
            int n = s == null ? 0 : s.drainTo(this, batch, WRITE_CHARS);
            boolean ping = pingDue.getAndSet(false);
            Closing c = closing.get();
            stats.framesOut.add(n);
            hubStats.wrote(n);
            if (c != null) {
                // What is pending now (the error that says why, first) goes out with the close frame; a
                // busy session must not put the close off for ever. The rest stays queued for a resume.
                closeWritten = true;
                write(encode(batch, JsonText.op("close").num("code", c.code()).str("reason", c.reason()).toString()),
                        true);
                return;
            }
            if (n > 0 || ping) {
                write(encode(batch, ping ? PING : null), false);
                return;
            }
            scheduled.set(false);
            boolean more = closing.get() != null || pingDue.get() || (s != null && s.hasToWrite(this));
            if (!more || !scheduled.compareAndSet(false, true)) {
                return;
            }
        }
    }

    private static ByteBuffer encode(List<String> frames, String extra) {
        StringBuilder sb = new StringBuilder();
        for (String f : frames) {
            sb.append(f).append('\n');
        }
        if (extra != null) {
            sb.append(extra).append('\n');
        }
        return ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes all of {@code buf}, then resumes the pump, or half-closes if this was the close frame. */
    private void write(ByteBuffer buf, boolean last) {
        try {
            channel.write(buf, null, new CompletionHandler<Integer, Void>() {
                @Override
                public void completed(Integer n, Void v) {
                    stats.bytesOut.add(n);
                    if (buf.hasRemaining()) {
                        write(buf, last);
                    } else if (last) {
                        halfClose();
                    } else {
                        resume();
                    }
                }

                @Override
                public void failed(Throwable t, Void v) {
                    LOG.log(System.Logger.Level.DEBUG, "tcp write failed, closing: {0}", String.valueOf(t));
                    abort();
                }
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "tcp write refused, closing: {0}", String.valueOf(e));
            abort();
        }
    }

    private void resume() {
        try {
            writers.execute(this::pump);
        } catch (RejectedExecutionException e) {
            abort();
        }
    }

    /**
     * FIN after the close frame: the peer reads everything, then closes its side (the reader sees
     * EOF; closing at once could reset the connection and lose the last frames). The hub hears of
     * the close now, not when the peer is done: a peer that vanished would hold it for the grace.
     */
    private void halfClose() {
        try {
            channel.shutdownOutput();
        } catch (IOException | RuntimeException e) {
            abort();
        }
        afterClose.run();
    }

    /** Closes the socket at once; the reader's pending read fails and ends the connection. */
    void abort() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "tcp close failed: {0}", String.valueOf(e));
        }
    }

    private void schedule(Runnable task, long seconds) {
        try {
            timers.schedule(task, seconds, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }
}
