package io.switchboard.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Idle WebSocket subscribers on raw NIO, for counts the JDK client cannot reach cheaply (it keeps
 * tens of KB per socket, and at 10,000 its handshakes, not the server, set the time to connect).
 * One thread and one selector: each socket connects from one of {@code sources} loopback addresses
 * (127.0.0.1, .2, ...: a source address has at most ~28,000 ephemeral ports towards one server
 * port), upgrades, sends the peer's subscribe frames, waits for the confirmation, and then only
 * answers pings (the hub closes a socket that stays silent for two heartbeats). At most
 * {@code concurrency} sockets are between connect and subscribed at a time.
 *
 * <p>Only what an idle subscriber needs of RFC 6455: masked text frames out, unmasked frames in
 * (text, ping, close), one shared read buffer; a frame split across reads is kept until complete.
 */
final class NioSockets implements AutoCloseable {
    private static final int READ_BUFFER = 64 * 1024;

    /** How opening went: {@code elapsedNs} from the first connect to the last subscription. */
    record Opened(int subscribed, int failed, String firstFailure, long elapsedNs) {
    }

    private enum Stage { CONNECTING, UPGRADING, SUBSCRIBING, SUBSCRIBED }

    private final class Socket {
        final SocketChannel channel;
        final String key;
        Stage stage = Stage.CONNECTING;
        byte[] partial;
        final Deque<ByteBuffer> out = new ArrayDeque<>(2);

        Socket(SocketChannel channel, String key) {
            this.channel = channel;
            this.key = key;
        }
    }

    private final Peer peer;
    private final String host;
    private final int port;
    private final int sources;
    private final int concurrency;
    private final Selector selector;
    private final ByteBuffer in = ByteBuffer.allocateDirect(READ_BUFFER);
    private final List<Socket> all = new ArrayList<>();
    private int inFlight;
    private int subscribed;
    private int failed;
    private String firstFailure = "";
    private long pongs;

    NioSockets(Peer peer, String base, int sources, int concurrency) throws IOException {
        this.peer = peer;
        int colon = base.lastIndexOf(':');
        this.host = base.substring(0, colon);
        this.port = Integer.parseInt(base.substring(colon + 1));
        this.sources = Math.max(1, sources);
        this.concurrency = concurrency;
        this.selector = Selector.open();
    }

    /** Opens {@code n} subscribers, the i-th to {@code keys.apply(i)}, within {@code timeoutS}. */
    Opened open(int n, IntFunction<String> keys, long timeoutS) throws IOException {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(timeoutS);
        int next = 0;
        while ((next < n || inFlight > 0) && System.nanoTime() < deadline) {
            while (next < n && inFlight < concurrency) {
                connect(next, keys.apply(next));
                next++;
            }
            selector.select(100);
            handleReady();
        }
        failed += n - next + inFlight;
        return new Opened(subscribed, failed, firstFailure, System.nanoTime() - start);
    }

    /** Keeps the open sockets answering pings for {@code millis} (while the server is measured). */
    void idle(long millis) throws IOException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < until) {
            selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
            handleReady();
        }
    }

    long pongs() {
        return pongs;
    }

    private void connect(int i, String key) {
        Socket s = null;
        try {
            SocketChannel ch = SocketChannel.open();
            s = new Socket(ch, key);
            all.add(s);
            inFlight++;
            ch.configureBlocking(false);
            ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            ch.bind(new InetSocketAddress("127.0.0." + (1 + i % sources), 0));
            if (ch.connect(new InetSocketAddress(host, port))) {
                upgrade(s, ch.register(selector, SelectionKey.OP_READ, s));
            } else {
                ch.register(selector, SelectionKey.OP_CONNECT, s);
            }
        } catch (IOException e) {
            fail(s, e.toString());
            if (s != null) {
                closeQuietly(s);
            }
        }
    }

    private void handleReady() {
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey k = it.next();
            it.remove();
            Socket s = (Socket) k.attachment();
            try {
                if (!k.isValid()) {
                    continue;
                }
                if (k.isConnectable() && s.channel.finishConnect()) {
                    k.interestOps(SelectionKey.OP_READ);
                    upgrade(s, k);
                }
                if (k.isValid() && k.isWritable()) {
                    flush(s, k);
                }
                if (k.isValid() && k.isReadable()) {
                    read(s, k);
                }
            } catch (IOException | RuntimeException e) {
                fail(s, e.toString());
                k.cancel();
                closeQuietly(s);
            }
        }
    }

    private void upgrade(Socket s, SelectionKey k) throws IOException {
        URI uri = peer.subscriberUri(host + ":" + port, s.key);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        s.stage = Stage.UPGRADING;
        send(s, k, ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
    }

    private void read(Socket s, SelectionKey k) throws IOException {
        in.clear();
        int got = s.channel.read(in);
        if (got < 0) {
            throw new IOException("closed by the server in stage " + s.stage);
        }
        in.flip();
        byte[] data = new byte[(s.partial == null ? 0 : s.partial.length) + in.remaining()];
        int at = 0;
        if (s.partial != null) {
            System.arraycopy(s.partial, 0, data, 0, s.partial.length);
            at = s.partial.length;
        }
        in.get(data, at, in.remaining());
        s.partial = null;
        int used = s.stage == Stage.UPGRADING ? handshakeAnswer(s, k, data) : 0;
        if (used < 0) {
            s.partial = data; // the 101's headers are not all here yet
            return;
        }
        used = frames(s, k, data, used);
        if (used < data.length) {
            s.partial = java.util.Arrays.copyOfRange(data, used, data.length);
        }
    }

    /** Bytes of the 101 answer consumed, or -1 if its end has not arrived. */
    private int handshakeAnswer(Socket s, SelectionKey k, byte[] data) throws IOException {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return -1;
        }
        if (!text.startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + text.substring(0, text.indexOf('\r')));
        }
        List<String> frames = peer.subscribeFrames(s.key);
        if (frames.isEmpty()) {
            subscribedNow(s);
        } else {
            s.stage = Stage.SUBSCRIBING;
            for (String f : frames) {
                send(s, k, frame(0x1, f.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return end + 4;
    }

    /** Handles every complete frame from {@code at}; returns where the first incomplete one starts. */
    private int frames(Socket s, SelectionKey k, byte[] data, int at) throws IOException {
        while (data.length - at >= 2) {
            int opcode = data[at] & 0x0F;
            long len = data[at + 1] & 0x7F;
            int header = 2;
            if (len == 126) {
                if (data.length - at < 4) {
                    return at;
                }
                len = ((data[at + 2] & 0xFF) << 8) | (data[at + 3] & 0xFF);
                header = 4;
            } else if (len == 127) {
                if (data.length - at < 10) {
                    return at;
                }
                len = java.nio.ByteBuffer.wrap(data, at + 2, 8).getLong();
                header = 10;
            }
            if (data.length - at - header < len) {
                return at;
            }
            byte[] payload = java.util.Arrays.copyOfRange(data, at + header, at + header + (int) len);
            at += header + (int) len;
            switch (opcode) {
                case 0x1 -> {
                    if (s.stage == Stage.SUBSCRIBING && peer.confirmsSubscription(new String(payload, StandardCharsets.UTF_8))) {
                        subscribedNow(s);
                    }
                }
                case 0x9 -> {
                    pongs++;
                    send(s, k, frame(0xA, payload));
                }
                case 0x8 -> throw new IOException("close frame from the server in stage " + s.stage);
                default -> {
                    // pongs, binary and continuation frames mean nothing to an idle subscriber
                }
            }
        }
        return at;
    }

    private void subscribedNow(Socket s) {
        s.stage = Stage.SUBSCRIBED;
        subscribed++;
        inFlight--;
    }

    /** A client frame: FIN, the opcode, the mask bit and a random mask, the payload masked. */
    private static ByteBuffer frame(int opcode, byte[] payload) {
        int len = payload.length;
        ByteBuffer b = ByteBuffer.allocate(len + 14);
        b.put((byte) (0x80 | opcode));
        if (len < 126) {
            b.put((byte) (0x80 | len));
        } else if (len < 65536) {
            b.put((byte) (0x80 | 126)).putShort((short) len);
        } else {
            b.put((byte) (0x80 | 127)).putLong(len);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        b.put(mask);
        for (int i = 0; i < len; i++) {
            b.put((byte) (payload[i] ^ mask[i & 3]));
        }
        return b.flip();
    }

    private void send(Socket s, SelectionKey k, ByteBuffer b) throws IOException {
        s.out.addLast(b);
        flush(s, k);
    }

    private void flush(Socket s, SelectionKey k) throws IOException {
        while (!s.out.isEmpty()) {
            ByteBuffer b = s.out.peekFirst();
            s.channel.write(b);
            if (b.hasRemaining()) {
                k.interestOps(k.interestOps() | SelectionKey.OP_WRITE);
                return;
            }
            s.out.pollFirst();
        }
        k.interestOps(k.interestOps() & ~SelectionKey.OP_WRITE);
    }

    private void fail(Socket s, String why) {
        if (s == null || s.stage != Stage.SUBSCRIBED) {
            inFlight -= s == null ? 0 : 1;
        } else {
            subscribed--;
        }
        if (failed++ == 0) {
            firstFailure = why;
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.channel.close();
        } catch (IOException e) {
            // closing a socket that failed
        }
    }

    /** Closes every socket at once (a TCP close: the server sees them go, as after a network cut). */
    @Override
    public void close() throws IOException {
        for (Socket s : all) {
            closeQuietly(s);
        }
        selector.close();
    }
}
