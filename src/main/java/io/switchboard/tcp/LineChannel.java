package io.switchboard.tcp;

import io.switchboard.hub.Connection;
import io.switchboard.hub.Limits;
import io.switchboard.outbound.SessionLink;
import io.switchboard.sessions.Session;
import io.switchboard.hub.Handshake;
import io.switchboard.hub.Hub;
import io.switchboard.hub.HubStats;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One accepted TCP connection: reads with one read in flight, cuts lines with a {@link LineFramer}
 * and hands each to the hub's {@link Connection}, in order. The next read starts only once a read's
 * lines are carried out, so a client that sends faster than the hub handles is held back by TCP.
 * Any byte heard counts as traffic for the heartbeat. When the socket ends it tells the connection
 * once: with the code the server closed with, else 1006 (a TCP client's only clean end is {@code bye}).
 */
final class LineChannel implements CompletionHandler<Integer, Void> {
    private static final System.Logger LOG = System.getLogger(LineChannel.class.getName());
    private static final int READ_BYTES = 16 * 1024;

    private final AsynchronousSocketChannel channel;
    private final TcpWire wire;
    private final SessionLink link;
    private final TcpStats stats;
    private final LineFramer framer;
    private final ByteBuffer in = ByteBuffer.allocate(READ_BYTES);
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean told = new AtomicBoolean();
    private final Runnable onEnd;
    private volatile Connection connection;
    private volatile boolean closeHeard;
    private boolean discarding;

    LineChannel(AsynchronousSocketChannel channel, Executor writers, ScheduledExecutorService timers, HubStats hubStats,
                TcpStats stats, Limits limits, Runnable onEnd) {
        this.channel = channel;
        this.wire = new TcpWire(channel, stats, this::ping, this::tellClosed);
        // A close the hub decides reaches the device within a heartbeat, or the socket is aborted.
        this.link = new SessionLink(wire, writers, timers, System::currentTimeMillis, limits.heartbeat(), hubStats::wrote,
                this::tellClosed);
        this.stats = stats;
        this.framer = new LineFramer(limits.hardFrame());
        this.onEnd = onEnd;
    }

    void start(Hub hub) {
        connection = hub.connect(link, new Handshake("tcp", null, remoteAddress()));
        if (closeHeard) {
            tellClosed(); // the hub refused it (too many from this address) before connect() returned
        }
        read();
    }

    private String remoteAddress() {
        try {
            return channel.getRemoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
                    ? a.getAddress().getHostAddress() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** TCP's ping is a frame, queued behind what the session has pending so it never overtakes a write. */
    private void ping() {
        Connection c = connection;
        Session s = c == null ? null : c.session();
        if (s != null) {
            s.sendTransient(TcpWire.PING);
        }
    }

    private void read() {
        in.clear();
        try {
            channel.read(in, null, this);
        } catch (RuntimeException e) {
            end(e);
        }
    }

    @Override
    public void completed(Integer n, Void v) {
        if (n < 0) {
            end(null);
            return;
        }
        stats.bytesIn.add(n);
        connection.pong();
        in.flip();
        if (!discarding && !framer.feed(in, this::line, connection::notUtf8)) {
            // Past the hard limit the rest of the line cannot be told from the next frame: refuse and
            // close, and keep reading (discarding) so the peer gets the error before the socket ends.
            discarding = true;
            stats.overLong.increment();
            connection.overHardLimit();
        }
        read();
    }

    private void line(String text) {
        stats.framesIn.increment();
        connection.receive(text);
    }

    @Override
    public void failed(Throwable t, Void v) {
        end(t);
    }

    /** The listener is stopping: 1012 and the socket goes; a resumable session stays (the client comes back). */
    void closeForRestart() {
        link.close(1012, "the hub is restarting");
    }

    private void end(Throwable t) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        if (t != null) {
            LOG.log(System.Logger.Level.DEBUG, "tcp connection ended: {0}", String.valueOf(t));
        }
        link.abort();
        tellClosed();
        onEnd.run();
    }

    /** Tells the hub once: the server's close code, else 1006 (the peer left without {@code bye}). */
    private void tellClosed() {
        closeHeard = true;
        Connection c = connection;
        if (c != null && told.compareAndSet(false, true)) {
            int code = wire.closeCode();
            c.closed(code != 0 ? code : 1006);
        }
    }
}
