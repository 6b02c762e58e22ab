package io.switchboard.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fan-out subscribers over the hub's TCP lines (docs/tcp.md), for {@code --transport tcp}: each
 * connects, writes its hello and sub, then one selector thread reads them all. A read's complete
 * lines are decoded at once and handed to the subscriber's {@link Conn} as one text
 * (the frame scanner takes newline-separated frames, as with {@code hello.batch}), so a TCP
 * subscriber is measured by the same code as a WebSocket one. Every 10 s each connection writes a
 * {@code pong}, which keeps it clear of the hub's two-heartbeat silence rule on long runs.
 */
final class TcpSubscribers implements AutoCloseable {
    private static final byte[] PONG = "{\"op\":\"pong\"}\n".getBytes(StandardCharsets.UTF_8);
    private static final long KEEPALIVE_NS = 10_000_000_000L;

    private final Selector selector;
    private final List<Line> lines = new ArrayList<>();
    private final List<Line> pendingRegistrations = new ArrayList<>();
    private final Thread reader;
    private volatile boolean closing;
    final java.util.concurrent.atomic.AtomicLong bytesIn = new java.util.concurrent.atomic.AtomicLong();

    TcpSubscribers() throws IOException {
        selector = Selector.open();
        reader = new Thread(this::readAll, "lg-tcp-reader");
        reader.setDaemon(true);
    }

    /** One subscriber's socket and its unfinished line. */
    private static final class Line {
        final Conn conn;
        final SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        long lastPong = System.nanoTime();

        Line(Conn conn, SocketChannel channel) {
            this.conn = conn;
            this.channel = channel;
        }
    }

    /** Connects (blocking), sends hello and sub, and leaves the reading to the selector thread. */
    void connect(Conn c, InetSocketAddress hub, String hello, String sub) throws IOException {
        c.connectStartNs = System.nanoTime();
        SocketChannel ch = SocketChannel.open();
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.connect(hub);
        c.openNs = System.nanoTime();
        writeFully(ch, (hello + "\n" + sub + "\n").getBytes(StandardCharsets.UTF_8));
        ch.configureBlocking(false);
        Line line = new Line(c, ch);
        synchronized (lines) {
            lines.add(line);
        }
        synchronized (this) {
            pendingRegistrations.add(line);
        }
        selector.wakeup();
    }

    void start() {
        reader.start();
    }

    private static void writeFully(SocketChannel ch, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private void readAll() {
        try {
            while (!closing) {
                registerPending();
                selector.select(1000);
                for (SelectionKey key : selector.selectedKeys()) {
                    read((Line) key.attachment(), key);
                }
                selector.selectedKeys().clear();
                keepAlive();
            }
        } catch (IOException e) {
            if (!closing) {
                System.err.println("load: tcp reader: " + e);
            }
        }
    }

    private void registerPending() throws IOException {
        List<Line> todo;
        synchronized (this) {
            todo = new ArrayList<>(pendingRegistrations);
            pendingRegistrations.clear();
        }
        for (Line l : todo) {
            l.channel.register(selector, SelectionKey.OP_READ, l);
        }
    }

    private void read(Line l, SelectionKey key) {
        int n;
        try {
            n = l.channel.read(l.in);
        } catch (IOException e) {
            n = -1;
        }
        if (n < 0) {
            key.cancel();
            if (!closing) {
                l.conn.run.unexpectedCloses.incrementAndGet();
                l.conn.run.error("tcp conn " + l.conn.index + ": closed by the hub");
            }
            l.conn.ready.completeExceptionally(new IOException("closed"));
            return;
        }
        bytesIn.addAndGet(n);
        ByteBuffer in = l.in;
        int end = lastNewline(in);
        if (end < 0) {
            if (!in.hasRemaining()) {
                l.conn.run.error("tcp conn " + l.conn.index + ": a line over " + in.capacity() + " bytes");
                key.cancel();
            }
            return;
        }
        in.flip();
        ByteBuffer whole = in.duplicate();
        whole.limit(end + 1);
        CharBuffer text = StandardCharsets.UTF_8.decode(whole);
        in.position(end + 1);
        in.compact();
        l.conn.handle(text);
    }

    private static int lastNewline(ByteBuffer in) {
        for (int i = in.position() - 1; i >= 0; i--) {
            if (in.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void keepAlive() {
        long now = System.nanoTime();
        synchronized (lines) {
            for (Line l : lines) {
                if (now - l.lastPong > KEEPALIVE_NS && l.channel.isOpen()) {
                    l.lastPong = now;
                    try {
                        l.channel.write(ByteBuffer.wrap(PONG));
                    } catch (IOException e) {
                        // the read side notices
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        selector.wakeup();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lines) {
            for (Line l : lines) {
                try {
                    l.channel.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
