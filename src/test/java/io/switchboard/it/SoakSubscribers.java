package io.switchboard.it;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The soak's subscribers, one class per way of being a client: resumable and ephemeral {@code /ws},
 * a {@code /ws} topic over {@code /mux}, SSE with {@code Last-Event-ID}, long polls, TCP lines, and
 * {@code /ws} and TCP clients that stop reading until the hub cuts them and then resume.
 * (Kept in one file, over the usual size, so that the workload reads as one list.)
 */
final class SoakSubscribers {
    private static final Duration TICK = Duration.ofMillis(50);
    private static final int ACK_EVERY = 20;

    private SoakSubscribers() {
    }

    static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    /** Reads a /ws socket until it closes, acking every {@link #ACK_EVERY} frames, or until {@code until} says stop. */
    static void readWs(SoakSubscriber s, WsClient ws, boolean resumable, java.util.function.BooleanSupplier until)
            throws InterruptedException {
        int taken = 0;
        while (!s.stopping && !until.getAsBoolean()) {
            boolean closed = ws.isClosed();
            JsonObject f = ws.poll(TICK);
            if (f != null) {
                s.take(f, resumable);
                if (resumable && ++taken % ACK_EVERY == 0 && !sent(ws, s.ack())) {
                    return; // the socket broke under the ack: its close is on its way to the listener
                }
            } else if (closed) {
                return;
            }
        }
    }

    /** Sends a frame; false when the socket broke under it (the listener hears of the end too). */
    private static boolean sent(WsClient ws, String frame) {
        try {
            ws.sendRaw(frame);
            return true;
        } catch (java.util.concurrent.CompletionException broken) {
            return false;
        }
    }

    private static boolean sent(MuxClient m, String frame) {
        try {
            m.send(frame);
            return true;
        } catch (java.util.concurrent.CompletionException broken) {
            return false;
        }
    }

    /** A resumable /ws session (hello with a client id, acks, resume), direct or through its proxy. */
    static final class WsResumable extends SoakSubscriber {
        WsResumable(Soak soak, String name, String ch, FaultyProxy proxy, long seed) {
            super(soak, new SoakLedger("ws", name, ch, true), proxy, seed);
        }

        @Override
        void connection(boolean first) throws Exception {
            try (WsClient ws = WsClient.connect(soak.ws(proxy, "ws"))) {
                ws.sendRaw(hello(first));
                JsonObject welcome = ws.nextOp("welcome");
                if (first) {
                    ws.sendRaw(sub());
                    ws.nextOp("ok");
                } else {
                    checkResumed(welcome);
                }
                established(ws);
                ready.countDown();
                readWs(this, ws, true, () -> false);
                endedByCut(ws.closedAtNanos());
            }
        }
    }

    /** An ephemeral /ws session (no client id) through its proxy: subscribes again on each connection. */
    static final class WsEphemeral extends SoakSubscriber {
        WsEphemeral(Soak soak, String name, String ch, FaultyProxy proxy, long seed) {
            super(soak, new SoakLedger("ws-ephemeral", name, ch, false), proxy, seed);
        }

        @Override
        void connection(boolean first) throws Exception {
            try (WsClient ws = WsClient.connect(soak.ws(proxy, "ws"))) {
                ws.sendRaw("{\"op\":\"hello\"}");
                ws.nextOp("welcome");
                ws.sendRaw(sub());
                ws.nextOp("ok");
                established(ws);
                ready.countDown();
                readWs(this, ws, false, () -> false);
                endedByCut(ws.closedAtNanos());
            } finally {
                ledger.connectionEnded();
            }
        }
    }

    /** A /ws topic over a /mux carrier through its proxy; a cut carrier's session resumes on a new one. */
    static final class Mux extends SoakSubscriber {
        Mux(Soak soak, String name, String ch, FaultyProxy proxy, long seed) {
            super(soak, new SoakLedger("mux", name, ch, true), proxy, seed);
        }

        @Override
        void connection(boolean first) throws Exception {
            try (MuxClient m = MuxClient.connect(soak.ws(proxy, "mux"), Map.of())) {
                m.send("sub,/ws");
                m.send("msg,/ws," + hello(first));
                if (first) {
                    m.send("msg,/ws," + sub());
                }
                int taken = 0;
                frames:
                while (!stopping) {
                    String t = m.poll(TICK);
                    if (t == null) {
                        continue;
                    }
                    if (!t.startsWith("msg,/ws,")) {
                        break; // uns,/ws,... or the carrier's end
                    }
                    JsonObject f = parse(t.substring("msg,/ws,".length()));
                    switch (f.getString("op")) {
                        case "welcome" -> {
                            if (!first) {
                                checkResumed(f);
                                established(m::abort);
                            }
                        }
                        case "ok" -> {
                            established(m::abort);
                            ready.countDown();
                        }
                        default -> {
                            take(f, true);
                            if (++taken % ACK_EVERY == 0 && !sent(m, "msg,/ws," + ack())) {
                                break frames; // the carrier broke under the ack
                            }
                        }
                    }
                }
                endedByCut();
            }
        }
    }

    /** An SSE stream of the channel through its proxy, reconnecting with {@code Last-Event-ID}. */
    static final class Sse extends SoakSubscriber {
        Sse(Soak soak, String name, String ch, FaultyProxy proxy, long seed) {
            super(soak, new SoakLedger("sse", name, ch, true), proxy, seed);
        }

        @Override
        void connection(boolean first) throws Exception {
            String last = ledger.lastEventId();
            try (SseClient c = SseClient.open(soak.http(proxy, "sse" + ledger.channel),
                    last == null ? Map.of() : Map.of("Last-Event-ID", last))) {
                established(c);
                while (!stopping) {
                    boolean ended = c.awaitEnd(Duration.ZERO);
                    SseClient.Event e = c.poll(TICK);
                    if (e == null) {
                        if (ended) {
                            break;
                        }
                        continue;
                    }
                    if (e.id() != null) {
                        ledger.lastEventId(e.id());
                        if (e.data() == null) {
                            ready.countDown(); // the position event of a new stream: it is subscribed
                        }
                    }
                    if ("msg".equals(e.event())) {
                        ledger.message(parse(e.data()).getJsonObject("data").getInt("n"), 0);
                    } else if ("gap".equals(e.event())) {
                        JsonObject g = parse(e.data());
                        if (!g.containsKey("from")) {
                            soak.fail(ledger.name + ": an epoch gap on one node that never restarted: " + g);
                        } else {
                            ledger.offsetGap(g.getJsonNumber("from").longValue(), g.getJsonNumber("to").longValue());
                        }
                    }
                }
                endedByCut(c.endedAtNanos());
            }
        }
    }

    /**
     * A long-polling session through its proxy; every 20-40 s (while the cuts go on) it stops
     * polling for longer than its queue lasts, and must then get a gap.
     */
    static final class Poll extends SoakSubscriber {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private volatile boolean stalling;
        private long nextStall = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);

        Poll(Soak soak, String name, String ch, FaultyProxy proxy, long seed) {
            super(soak, new SoakLedger("poll", name, ch, true), proxy, seed);
        }

        private List<JsonValue> poll(String body) throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(soak.http(proxy, "api/poll"))
                    .timeout(Duration.ofSeconds(90)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                soak.fail(ledger.name + ": poll answered " + r.statusCode() + ": " + r.body());
                throw new IOException("poll answered " + r.statusCode());
            }
            // The HTTP client keeps the connection for the next poll, so a cut after this answer
            // can end the next request, whenever it starts: the connection was last known good here.
            opening();
            return parse(r.body()).getJsonArray("frames");
        }

        @Override
        void connection(boolean first) throws Exception {
            if (first) {
                poll("{\"frames\":[" + hello(true) + "," + sub() + "],\"wait\":0}");
                ready.countDown();
            }
            try {
                while (!stopping) {
                    List<JsonValue> frames = poll("{\"client\":\"" + ledger.name + "\",\"ack\":" + ledger.lastSeq() + ",\"wait\":5}");
                    established(() -> { });
                    frames.forEach(f -> take(f.asJsonObject(), true));
                    if (soak.chaos() && System.nanoTime() > nextStall) {
                        nextStall = System.nanoTime() + TimeUnit.SECONDS.toNanos(20 + random.nextInt(20));
                        stalling = true;
                        pause(Soak.QUEUE * 1000L / soak.perChannel + 2000 + random.nextInt(4000)); // a client that stops polling
                        stalling = false;
                    }
                }
            } catch (IOException e) {
                endedByCut(String.valueOf(e));
            }
        }

        @Override
        boolean settled() {
            return !stalling && super.settled();
        }

        @Override
        String state() {
            return super.state() + (stalling ? ", not polling" : "");
        }
    }

    /** A resumable TCP line session through its proxy. */
    static final class Tcp extends SoakSubscriber {
        Tcp(Soak soak, String name, String ch, FaultyProxy proxy, long seed) {
            super(soak, new SoakLedger("tcp", name, ch, true), proxy, seed);
        }

        @Override
        void connection(boolean first) throws Exception {
            try (LineClient c = LineClient.connect("127.0.0.1", proxy.port())) {
                c.sendRaw(hello(first) + "\n");
                JsonObject welcome = c.nextOp("welcome");
                if (first) {
                    c.sendRaw(sub() + "\n");
                    c.nextOp("ok");
                } else {
                    checkResumed(welcome);
                }
                established(c);
                ready.countDown();
                int code = readLines(this, c, Long.MAX_VALUE);
                endedByCut(code == 0 ? "" : "close " + code);
            }
        }
    }

    /** Reads TCP lines, acking, until the stream ends or {@code untilNanos} passes; the close code seen, or 0. */
    static int readLines(SoakSubscriber s, LineClient c, long untilNanos) {
        int taken = 0;
        while (!s.stopping && System.nanoTime() < untilNanos) {
            JsonObject f;
            try {
                f = c.next();
            } catch (AssertionError | JsonException ended) {
                return 0; // the end of the stream (an abort can cut the last line short)
            }
            if ("close".equals(f.getString("op"))) {
                return f.getInt("code");
            }
            s.take(f, true);
            if (++taken % ACK_EVERY == 0 && !c.keepAliveWith(s.ack() + "\n")) {
                return 0; // the stream ends: the reader will have seen it too
            }
        }
        return 0;
    }

    /**
     * A resumable /ws session that alternates: reads for a few seconds, then stops reading on a
     * socket until the hub cuts it (1013: its queue passed the limit), then resumes. The close
     * time runs from the moment it stopped reading, so it includes the time the queue takes to fill.
     */
    static final class WsStalling extends SoakSubscriber {
        private volatile boolean finalPhase;

        WsStalling(Soak soak, String name, String ch, long seed) {
            super(soak, new SoakLedger("ws", name, ch, true), null, seed);
        }

        @Override
        void connection(boolean first) throws Exception {
            WsClient ws = WsClient.connect(soak.ws(null, "ws"));
            ws.sendRaw(hello(first));
            JsonObject welcome = ws.nextOp("welcome");
            if (first) {
                ws.sendRaw(sub());
                ws.nextOp("ok");
            } else {
                checkResumed(welcome);
            }
            finalPhase = !soak.chaos();
            established(ws);
            ready.countDown();
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2000 + random.nextInt(6000));
            readWs(this, ws, true, () -> !finalPhase && System.nanoTime() > until);
            if (stopping) {
                return;
            }
            if (finalPhase || ws.isClosed()) {
                soak.fail(ledger.name + ": a reading /ws session was closed " + (ws.isClosed() ? ws.awaitClose() : ""));
                return;
            }
            ws.send(ack());
            ws.abort(); // abrupt, so the session stays
            if (soak.chaos()) {
                stall();
            }
        }

        private void stall() {
            try (StalledSocket stalled = StalledSocket.open(soak.ws(null, "ws"))) {
                stalled.send(hello(false));
                long t0 = System.nanoTime();
                while (stalled.keepAlive()) {
                    if (System.nanoTime() - t0 > soak.closeCeiling().toNanos()) {
                        soak.fail(ledger.name + ": a stalled /ws socket was not closed within " + soak.closeCeiling());
                        return;
                    }
                    pause(100); // probing by writing is how a stalled client can tell
                }
                ledger.closeTook(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                for (JsonObject f : stalled.drain()) {
                    if ("welcome".equals(f.getString("op"))) {
                        checkResumed(f);
                    }
                    take(f, true);
                }
                if (stalled.closeCode() != 1013 && stalled.closeCode() != 1006) {
                    soak.fail(ledger.name + ": a stalled /ws socket was closed with " + stalled.closeCode());
                }
            }
        }

        @Override
        boolean settled() {
            return finalPhase && super.settled();
        }

        @Override
        boolean expectsCloses() {
            return true;
        }
    }

    /** The TCP counterpart of {@link WsStalling}: a device that stops reading, is cut, and resumes. */
    static final class TcpStalling extends SoakSubscriber {
        private volatile boolean finalPhase;

        TcpStalling(Soak soak, String name, String ch, long seed) {
            super(soak, new SoakLedger("tcp", name, ch, true), null, seed);
        }

        @Override
        void connection(boolean first) throws Exception {
            try (LineClient c = LineClient.connect("127.0.0.1", soak.tcpPort)) {
                c.sendRaw(hello(first) + "\n");
                JsonObject welcome = c.nextOp("welcome");
                if (first) {
                    c.sendRaw(sub() + "\n");
                    c.nextOp("ok");
                } else {
                    checkResumed(welcome);
                }
                finalPhase = !soak.chaos();
                established(c);
                ready.countDown();
                long until = finalPhase ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2000 + random.nextInt(6000));
                int code = readLines(this, c, until);
                if (stopping) {
                    return;
                }
                if (System.nanoTime() < until) {
                    // Seen on a loaded machine: a resume whose backlog (what piled up during the
                    // stalled connection's close, which takes a heartbeat and more on TCP) is near
                    // limits.queue can pass it again before the first ack arrives. A slow consumer
                    // by the hub's own rule, answered with 1013 and a gap: reported, not a failure.
                    soak.note(ledger.name + ": a reading TCP session was closed (code " + code + ") soon after its resume");
                    return;
                }
                c.sendRaw(ack() + "\n");
                c.abort();
            }
            if (soak.chaos()) {
                stall();
            }
        }

        private void stall() throws IOException {
            try (LineClient stalled = LineClient.notReading("127.0.0.1", soak.tcpPort)) {
                stalled.sendRaw(hello(false) + "\n");
                long t0 = System.nanoTime();
                while (stalled.keepAlive()) {
                    if (System.nanoTime() - t0 > soak.closeCeiling().toNanos()) {
                        soak.fail(ledger.name + ": a stalled TCP socket was not closed within " + soak.closeCeiling());
                        return;
                    }
                    pause(100); // probing by writing is how a stalled client can tell
                }
                ledger.closeTook(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                stalled.startReading();
                int code = 0;
                while (true) {
                    JsonObject f;
                    try {
                        f = stalled.next();
                    } catch (AssertionError | JsonException ended) {
                        break;
                    }
                    switch (f.getString("op")) {
                        case "welcome" -> checkResumed(f);
                        case "close" -> code = f.getInt("code");
                        default -> take(f, true);
                    }
                }
                if (code != 0 && code != 1013) {
                    soak.fail(ledger.name + ": a stalled TCP socket was closed with " + code);
                }
            }
        }

        @Override
        boolean settled() {
            return finalPhase && super.settled();
        }

        @Override
        boolean expectsCloses() {
            return true;
        }
    }
}
