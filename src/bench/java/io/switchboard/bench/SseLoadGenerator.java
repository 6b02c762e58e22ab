package io.switchboard.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * SSE fan-out load for a RUNNING hub on loopback, JDK only: {@code --clients} EventSource-style
 * clients (HTTP/1.1 {@code GET /sse/<channel>} with {@code Accept: text/event-stream}, read by one
 * NIO selector thread that de-chunks and parses the stream) and one WebSocket publisher sending
 * {@code {"n":i,"t":nanoTime,"pad":..}} as fast as a lag window allows (at most {@code --max-lag}
 * messages published but not yet delivered to every client, on average), or at {@code --rate}
 * messages per second. Latency is receive
 * nanoTime minus {@code t}. With {@code --server-pid} the server's live heap (jcmd
 * GC.class_histogram, after a full GC) and RSS are taken before the streams open and once they are
 * all open, giving memory per stream, and its CPU time is reported. Prints a summary and one
 * {@code RESULT} line.
 */
public final class SseLoadGenerator {
    private static final long CLK_TCK = 100;

    private final Map<String, String> opts = new HashMap<>(Map.of("host", "127.0.0.1", "port", "8080",
            "clients", "1000", "messages", "20000", "duration", "20", "size", "100", "max-lag", "32",
            "channel", "/bench/sse", "timeout", "60", "server-pid", "-1"));

    {
        opts.put("rate", "0"); // msgs/s, 0 = as fast as the lag window allows
    }
    private final LatencyHistogram latency = new LatencyHistogram();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong ready = new AtomicLong();
    private final AtomicLong ended = new AtomicLong();
    private volatile boolean stop;

    public static void main(String[] args) throws Exception {
        SseLoadGenerator g = new SseLoadGenerator();
        for (int i = 0; i + 1 < args.length; i += 2) {
            String k = args[i].replaceFirst("^--?", "");
            if (!g.opts.containsKey(k)) {
                System.err.println("unknown option " + args[i] + "; options: " + g.opts.keySet());
                System.exit(2);
            }
            g.opts.put(k, args[i + 1]);
        }
        System.exit(g.run());
    }

    private int num(String k) {
        return Integer.parseInt(opts.get(k));
    }

    int run() throws Exception {
        String host = opts.get("host");
        if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
            throw new IllegalArgumentException("loopback only");
        }
        int port = num("port");
        int n = num("clients");
        long pid = Long.parseLong(opts.get("server-pid"));
        long timeoutNs = TimeUnit.SECONDS.toNanos(num("timeout"));
        System.out.printf(Locale.ROOT, "sse: %d clients on %s, %s messages of %s bytes, max lag %s%n", n,
                opts.get("channel"), opts.get("messages"), opts.get("size"), opts.get("max-lag"));
        ServerMemory before = pid > 0 ? ServerMemory.of(pid) : null;

        Selector selector = Selector.open();
        List<Client> clients = new ArrayList<>();
        byte[] request = ("GET /sse" + opts.get("channel") + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            SocketChannel ch = SocketChannel.open(new InetSocketAddress(host, port));
            ch.write(ByteBuffer.wrap(request));
            ch.configureBlocking(false);
            Client c = new Client();
            clients.add(c);
            ch.register(selector, SelectionKey.OP_READ, c);
        }
        Thread reader = new Thread(() -> readAll(selector), "sse-reader");
        reader.start();
        while (ready.get() < n && System.nanoTime() - t0 < timeoutNs && ended.get() == 0) {
            LockSupport.parkNanos(1_000_000);
        }
        double connectS = (System.nanoTime() - t0) / 1e9;
        if (ready.get() < n) {
            stop = true;
            System.out.printf("sse: only %d of %d streams started (%d ended)%n", ready.get(), n, ended.get());
            return 1;
        }
        ServerMemory open = pid > 0 ? ServerMemory.of(pid) : null;

        long cpu0 = serverTicks(pid);
        long[] sent = publish(port, n, timeoutNs);
        long cpu1 = serverTicks(pid);
        stop = true;
        selector.wakeup();
        reader.join(10_000);
        for (SelectionKey k : selector.keys()) {
            k.channel().close();
        }
        long published = sent[0];
        double seconds = sent[1] / 1e9;
        long got = delivered.get();
        String status = got == published * n ? "ok" : "incomplete";
        double heapKb = open == null ? -1 : (open.heapBytes() - before.heapBytes()) / 1024.0 / n;
        double rssKb = open == null ? -1 : (open.rssKb() - before.rssKb()) / (double) n;
        double cpu = cpu0 < 0 ? -1 : (cpu1 - cpu0) / (double) CLK_TCK / seconds;
        System.out.printf(Locale.ROOT, "published         %d msgs in %.2f s (%.0f msgs/s)%n", published, seconds, published / seconds);
        System.out.printf(Locale.ROOT, "delivered         %d of %d (%.0f events/s)%n", got, published * n, got / seconds);
        System.out.printf(Locale.ROOT, "latency           p50 %.2f ms, p99 %.2f ms, p999 %.2f ms, max %.2f ms%n",
                latency.percentile(50) / 1e6, latency.percentile(99) / 1e6, latency.percentile(99.9) / 1e6, latency.max() / 1e6);
        System.out.printf(Locale.ROOT, "memory per stream %.2f KB heap, %.2f KB RSS (%d streams, connect %.2f s)%n",
                heapKb, rssKb, n, connectS);
        if (open != null) {
            ServerMemory.printTop(before, open, n, 12);
        }
        System.out.printf(Locale.ROOT, "server cpu        %.2f cores%n", cpu);
        System.out.printf(Locale.ROOT, "RESULT scenario=sse clients=%d size=%s published=%d delivered=%d seconds=%.2f "
                + "events_per_s=%.0f p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f heap_kb_per_stream=%.2f "
                + "rss_kb_per_stream=%.2f server_cores=%.2f ended=%d status=%s%n", n, opts.get("size"), published, got,
                seconds, got / seconds, latency.percentile(50) / 1e6, latency.percentile(99) / 1e6,
                latency.percentile(99.9) / 1e6, latency.max() / 1e6, heapKb, rssKb, cpu, ended.get(), status);
        return status.equals("ok") ? 0 : 1;
    }

    /** Publishes over one WebSocket; returns {published, nanos from first publish to last delivery}. */
    private long[] publish(int port, int n, long timeoutNs) throws Exception {
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() { })
                .get(10, TimeUnit.SECONDS);
        int messages = num("messages");
        long maxLag = (long) num("max-lag") * n;
        long durationNs = TimeUnit.SECONDS.toNanos(num("duration"));
        String pad = "x".repeat(Math.max(0, num("size") - 40));
        String prefix = "{\"op\":\"pub\",\"ch\":\"" + opts.get("channel") + "\",\"data\":{\"n\":";
        long rate = num("rate");
        long start = System.nanoTime();
        long i = 0;
        for (; i < messages && System.nanoTime() - start < durationNs && ended.get() == 0; i++) {
            while (i * n - delivered.get() > maxLag && System.nanoTime() - start < timeoutNs) {
                LockSupport.parkNanos(20_000);
            }
            while (rate > 0 && System.nanoTime() - start < i * 1_000_000_000L / rate) {
                LockSupport.parkNanos(50_000);
            }
            CompletableFuture<WebSocket> f = ws.sendText(prefix + i + ",\"t\":" + System.nanoTime() + ",\"pad\":\"" + pad + "\"}}", true);
            f.get(10, TimeUnit.SECONDS);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (delivered.get() < i * n && System.nanoTime() < deadline && ended.get() == 0) {
            LockSupport.parkNanos(200_000);
        }
        long elapsed = System.nanoTime() - start;
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        return new long[] {i, elapsed};
    }

    private void readAll(Selector selector) {
        ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);
        byte[] bytes = new byte[buf.capacity()];
        try {
            while (!stop) {
                selector.select(100);
                for (SelectionKey k : selector.selectedKeys()) {
                    SocketChannel ch = (SocketChannel) k.channel();
                    Client c = (Client) k.attachment();
                    buf.clear();
                    int r = ch.read(buf);
                    if (r < 0) {
                        ended.incrementAndGet();
                        k.cancel();
                        ch.close();
                        continue;
                    }
                    buf.flip();
                    buf.get(bytes, 0, r);
                    c.feed(bytes, r, System.nanoTime());
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            System.out.println("sse: reader failed: " + e);
            ended.incrementAndGet();
        }
    }

    private static long serverTicks(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** One stream's parser: response head, HTTP/1.1 chunks, then SSE lines. */
    private final class Client {
        private int state; // 0 head, 1 chunk size, 2 chunk data, 3 CRLF after data
        private long chunkLeft;
        private final StringBuilder head = new StringBuilder();
        private byte[] line = new byte[512];
        private int len;
        private boolean hasData;
        private boolean hasId;
        private boolean started;

        void feed(byte[] b, int n, long now) {
            for (int i = 0; i < n; i++) {
                byte x = b[i];
                switch (state) {
                    case 0 -> {
                        head.append((char) x);
                        if (head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4) {
                            if (!head.toString().startsWith("HTTP/1.1 200")) {
                                throw new IllegalStateException("SSE refused: " + head);
                            }
                            state = 1;
                            chunkLeft = 0;
                        }
                    }
                    case 1 -> {
                        if (x == '\n') {
                            state = chunkLeft == 0 ? 3 : 2; // a 0 chunk ends the response
                        } else if (x != '\r') {
                            chunkLeft = chunkLeft * 16 + Character.digit(x, 16);
                        }
                    }
                    case 2 -> {
                        line(x, now);
                        if (--chunkLeft == 0) {
                            state = 3;
                        }
                    }
                    default -> {
                        if (x == '\n') {
                            state = 1;
                        }
                    }
                }
            }
        }

        private void line(byte x, long now) {
            if (x != '\n') {
                if (len == line.length) {
                    line = java.util.Arrays.copyOf(line, len * 2);
                }
                line[len++] = x;
                return;
            }
            if (len == 0) {
                if (hasData) {
                    delivered.incrementAndGet();
                } else if (hasId && !started) {
                    started = true;
                    ready.incrementAndGet();
                }
                hasData = false;
                hasId = false;
            } else if (starts("data: ")) {
                hasData = true;
                long t = number("\"t\":");
                if (t > 0) {
                    latency.record(now - t);
                }
            } else if (starts("id: ")) {
                hasId = true;
            }
            len = 0;
        }

        private boolean starts(String p) {
            if (len < p.length()) {
                return false;
            }
            for (int i = 0; i < p.length(); i++) {
                if (line[i] != p.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private long number(String key) {
            outer:
            for (int i = 0; i + key.length() < len; i++) {
                for (int j = 0; j < key.length(); j++) {
                    if (line[i + j] != key.charAt(j)) {
                        continue outer;
                    }
                }
                long v = 0;
                for (int k = i + key.length(); k < len && line[k] >= '0' && line[k] <= '9'; k++) {
                    v = v * 10 + (line[k] - '0');
                }
                return v;
            }
            return -1;
        }
    }
}
