package io.switchboard.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * {@code /mux} against direct sockets: {@code --lanes} hub sessions, each subscribed to a channel
 * of its own and publishing {@code {"t":nanoTime}} to it with {@code --window} messages in flight,
 * either over one WebSocket each to {@code /ws} ({@code direct}) or as topics {@code /ws#<i>} of
 * one {@code /mux} socket ({@code mux}). Reports messages per second through the hub (publish to
 * delivery, all lanes) and latency percentiles, for a running hub on loopback:
 *
 * <pre>mvn -Pbench -q compile exec:exec -Dbench=mux -Dbench.args="--port 8080 --lanes 100 --duration 15"</pre>
 *
 * Run the hub with {@code -Dswitchboard.limits.rate=1000000}: the default 1,000 frames/s per
 * connection would cap each lane. Every wait is bounded; it exits by itself.
 */
public final class MuxBenchmark {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private MuxBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new java.util.HashMap<>(Map.of("host", "127.0.0.1", "port", "8080", "path", "",
                "lanes", "100", "window", "4", "duration", "15", "mode", "both"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        if (!InetAddress.getByName(o.get("host")).isLoopbackAddress()) {
            throw new IllegalArgumentException("loopback only: " + o.get("host"));
        }
        String root = "ws://" + o.get("host") + ":" + o.get("port") + o.get("path") + "/";
        int lanes = Integer.parseInt(o.get("lanes"));
        int window = Integer.parseInt(o.get("window"));
        int seconds = Integer.parseInt(o.get("duration"));
        List<String> modes = o.get("mode").equals("both") ? List.of("direct", "mux", "direct", "mux") : List.of(o.get("mode"));
        for (String mode : modes) {
            Result r = run(root, mode, lanes, window, seconds);
            System.out.printf(Locale.ROOT, "RESULT scenario=mux-bench mode=%s lanes=%d window=%d connect_ms=%d msgs_per_s=%.0f"
                            + " p50_us=%d p99_us=%d max_us=%d messages=%d%n", mode, lanes, window, r.connectMs, r.rate,
                    r.latency.percentile(50) / 1000, r.latency.percentile(99) / 1000, r.latency.max() / 1000, r.latency.count());
        }
        System.exit(0);
    }

    private record Result(long connectMs, double rate, LatencyHistogram latency) {
    }

    private static Result run(String root, String mode, int lanes, int window, int seconds) throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        List<Lane> all = new ArrayList<>();
        List<Carrier> carriers = new ArrayList<>();
        long start = System.nanoTime();
        if (mode.equals("mux")) {
            Map<String, Lane> byTopic = new ConcurrentHashMap<>();
            Carrier mux = Carrier.open(root + "mux", text -> {
                int a = text.indexOf(','), b = text.indexOf(',', a + 1);
                Lane lane = b < 0 ? null : byTopic.get(text.substring(a + 1, b));
                if (lane != null && text.startsWith("msg,")) {
                    lane.received(text.substring(b + 1));
                }
            });
            carriers.add(mux);
            for (int i = 0; i < lanes; i++) {
                String topic = "/ws%23" + i;
                Lane lane = new Lane("/bench/mux/" + run + "/" + i, window, frame -> mux.send("msg," + topic + "," + frame));
                byTopic.put(topic, lane);
                all.add(lane);
                mux.send("sub," + topic);
            }
        } else {
            for (int i = 0; i < lanes; i++) {
                Lane[] holder = new Lane[1];
                Carrier ws = Carrier.open(root + "ws", text -> holder[0].received(text));
                carriers.add(ws);
                holder[0] = new Lane("/bench/mux/" + run + "/" + i, window, ws::send);
                all.add(holder[0]);
            }
        }
        for (Lane lane : all) {
            lane.start();
        }
        for (Lane lane : all) {
            if (!lane.ready.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a lane was not subscribed within 30 s");
            }
        }
        long connectMs = (System.nanoTime() - start) / 1_000_000;
        for (Lane lane : all) {
            lane.go();
        }
        long measureFrom = System.nanoTime();
        long until = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
        for (long left; (left = until - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(left);
        }
        long elapsed = System.nanoTime() - measureFrom;
        LatencyHistogram latency = new LatencyHistogram();
        long delivered = 0;
        for (Lane lane : all) {
            lane.stop();
            synchronized (lane) {
                latency.add(lane.latency);
            }
            delivered += lane.delivered.get();
        }
        for (Carrier c : carriers) {
            c.close();
        }
        return new Result(connectMs, delivered * 1e9 / elapsed, latency);
    }

    /** One hub session: it publishes to its own channel and keeps {@code window} messages in flight. */
    static final class Lane {
        final String ch;
        final int window;
        final Consumer<String> out;
        final CountDownLatch ready = new CountDownLatch(1);
        final AtomicLong delivered = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean();
        final LatencyHistogram latency = new LatencyHistogram();

        Lane(String ch, int window, Consumer<String> out) {
            this.ch = ch;
            this.window = window;
            this.out = out;
        }

        void start() {
            out.accept("{\"op\":\"hello\",\"kind\":\"service\"}");
            out.accept("{\"op\":\"sub\",\"ch\":\"" + ch + "\",\"id\":\"s\"}");
        }

        void go() {
            running.set(true);
            for (int i = 0; i < window; i++) {
                publish();
            }
        }

        void stop() {
            running.set(false);
        }

        private void publish() {
            out.accept("{\"op\":\"pub\",\"ch\":\"" + ch + "\",\"data\":{\"t\":" + System.nanoTime() + "}}");
        }

        void received(String text) {
            for (String frame : text.split("\n")) {
                if (frame.startsWith("{\"op\":\"msg\"")) {
                    int t = frame.indexOf("\"t\":") + 4;
                    long sent = Long.parseLong(frame, t, frame.indexOf('}', t), 10);
                    synchronized (this) {
                        latency.record(System.nanoTime() - sent);
                    }
                    delivered.incrementAndGet();
                    if (running.get()) {
                        publish();
                    }
                } else if (frame.startsWith("{\"op\":\"ok\"") && frame.contains("\"id\":\"s\"")) {
                    ready.countDown();
                } else if (frame.startsWith("{\"op\":\"error\"")) {
                    System.err.println(ch + ": " + frame);
                }
            }
        }
    }

    /** One WebSocket: texts out one send at a time (java.net.http allows no overlap), texts in whole. */
    static final class Carrier implements WebSocket.Listener {
        private final Consumer<String> in;
        private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean sending = new AtomicBoolean();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket ws;

        private Carrier(Consumer<String> in) {
            this.in = in;
        }

        static Carrier open(String uri, Consumer<String> in) {
            Carrier c = new Carrier(in);
            c.ws = HTTP.newWebSocketBuilder().buildAsync(URI.create(uri), c).join();
            return c;
        }

        void send(String text) {
            queue.add(text);
            pump();
        }

        private void pump() {
            if (!sending.compareAndSet(false, true)) {
                return;
            }
            String next = queue.poll();
            if (next == null) {
                sending.set(false);
                if (!queue.isEmpty()) {
                    pump();
                }
                return;
            }
            ws.sendText(next, true).whenComplete((r, t) -> {
                sending.set(false);
                if (t == null) {
                    pump();
                }
            });
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                in.accept(text);
            }
            webSocket.request(1);
            return null;
        }

        void close() {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(t -> null).join();
        }
    }

}
