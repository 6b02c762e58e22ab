package io.switchboard.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fan-out through the socket tree: {@code --scenario chat} puts N sockets in one chat room and one
 * of them talks; {@code --scenario data} opens N sockets on one {@code /data} channel and one of
 * them publishes plain text. The speaker keeps at most {@code --window} texts unheard by itself
 * (it is a member too), so the rate is what the hub sustains. Each text carries its send time;
 * every listener records the latency. Prints one {@code RESULT} line.
 *
 * <pre>mvn -Pbench -q compile exec:exec -Dbench=tree -Dbench.args="--scenario chat --listeners 100 --messages 20000"</pre>
 */
public final class TreeLoad {
    private final LatencyHistogram latency = new LatencyHistogram();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong heardBySpeaker = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger listenersHeard = new java.util.concurrent.atomic.AtomicInteger();

    public static void main(String[] args) throws Exception {
        String scenario = "chat";
        String base = "ws://127.0.0.1:8080";
        int listeners = 100;
        int messages = 20_000;
        int window = 200;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--scenario" -> scenario = args[i + 1];
                case "--base" -> base = args[i + 1];
                case "--listeners" -> listeners = Integer.parseInt(args[i + 1]);
                case "--messages" -> messages = Integer.parseInt(args[i + 1]);
                case "--window" -> window = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String path = scenario.equals("chat") ? "/chatrooms/bench/chat?name=" : "/data/bench/load?n=";
        new TreeLoad().run(scenario, base, path, listeners, messages, window);
    }

    private void run(String scenario, String base, String path, int listeners, int messages, int window) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < listeners; i++) {
            sockets.add(http.newWebSocketBuilder().buildAsync(URI.create(base + path + "l" + i), new Listener(false)).join());
        }
        WebSocket speaker = http.newWebSocketBuilder().buildAsync(URI.create(base + path
                + URLEncoder.encode("speaker", StandardCharsets.UTF_8)), new Listener(true)).join();
        warmUp(speaker, listeners);
        delivered.set(0);
        heardBySpeaker.set(0);
        String pad = "x".repeat(60);
        long start = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            while (i - heardBySpeaker.get() >= window) {
                Thread.onSpinWait();
            }
            speaker.sendText("t:" + System.nanoTime() + ":" + pad, true).join();
        }
        long expected = (long) messages * listeners;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (delivered.get() < expected && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "RESULT scenario=tree-%s listeners=%d messages=%d delivered=%d seconds=%.2f "
                        + "deliveries_per_s=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f loadavg_before=%s%n",
                scenario, listeners, messages, delivered.get(), seconds, delivered.get() / seconds,
                latency.percentile(50) / 1e6, latency.percentile(99) / 1e6, latency.max() / 1e6, loadAverage());
        for (WebSocket s : sockets) {
            s.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
        speaker.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }

    /** Everyone is in (a join completes after its handshake) once every listener has heard a warm-up text. */
    private void warmUp(WebSocket speaker, int listeners) {
        while (listenersHeard.get() < listeners) {
            speaker.sendText("t:" + System.nanoTime() + ":warm", true).join();
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            while (listenersHeard.get() < listeners && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final boolean speaker;
        private final StringBuilder part = new StringBuilder();
        private boolean heardAny;

        Listener(boolean speaker) {
            this.speaker = speaker;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            part.append(data);
            if (last) {
                heard(part);
                part.setLength(0);
            }
            ws.request(1);
            return null;
        }

        private void heard(CharSequence text) {
            String s = text.toString();
            int t = s.indexOf("t:");
            int end = t < 0 ? -1 : s.indexOf(':', t + 2);
            if (end < 0) {
                return;
            }
            long sent = Long.parseLong(s.substring(t + 2, end));
            if (speaker) {
                heardBySpeaker.incrementAndGet();
            } else {
                if (!heardAny) {
                    heardAny = true;
                    listenersHeard.incrementAndGet();
                }
                synchronized (latency) {
                    latency.record(System.nanoTime() - sent);
                }
                delivered.incrementAndGet();
            }
        }
    }
}
