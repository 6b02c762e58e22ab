package io.switchboard.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Opens a scenario's connections, at most --connect-concurrency handshakes in flight, each ready
 * once its hello and sub are answered; and closes them all at the end, aborting what does not close.
 */
final class Connector {
    private final LoadRun run;

    Connector(LoadRun run) {
        this.run = run;
    }

    /** A session's hello: resumable when it names a client id. */
    String hello(String client, boolean batch) {
        StringBuilder sb = new StringBuilder("{\"op\":\"hello\"");
        if (client != null) {
            sb.append(",\"client\":\"").append(client).append('"');
        }
        return token(sb).append(",\"batch\":").append(batch).append('}').toString();
    }

    /** An ephemeral service session (no client id, so nothing is kept for acks): callers and callees alike. */
    String serviceHello() {
        StringBuilder sb = new StringBuilder("{\"op\":\"hello\",\"kind\":\"service\"");
        return token(sb).append(",\"batch\":").append(run.o.batch).append('}').toString();
    }

    private StringBuilder token(StringBuilder hello) {
        if (run.o.token != null) {
            hello.append(",\"token\":\"").append(run.o.token.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return hello;
    }

    /** Fan-out subscribers over TCP lines: connected one after another (a TCP connect is cheap), then read by one thread. */
    Connected<SubscriberConn> connectTcp(TcpSubscribers tcp, int count, IntFunction<SubscriberConn> make, String sub)
            throws InterruptedException {
        List<SubscriberConn> conns = new ArrayList<>(count);
        Connected<SubscriberConn> result = new Connected<>(conns);
        InetSocketAddress hub = new InetSocketAddress(run.o.host, run.o.tcpPort);
        tcp.start();
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            SubscriberConn c = make.apply(i);
            c.readyOn = Conn.Ready.SUB_OK;
            conns.add(c);
            try {
                tcp.connect(c, hub, hello(null, false), sub);
            } catch (IOException e) {
                c.ready.completeExceptionally(e);
            }
        }
        for (Conn c : conns) {
            try {
                c.ready.get(run.remainingNs(), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                result.failed++;
                run.error("tcp connection " + c.index + ": " + e);
            }
        }
        result.elapsedNs = System.nanoTime() - t0;
        return result;
    }

    <C extends Conn> Connected<C> connectAll(int count, IntFunction<C> make, IntFunction<String> hello,
            IntFunction<String> sub) throws InterruptedException {
        List<C> conns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            conns.add(make.apply(i));
        }
        return connectList(conns, run.uri, hello, sub);
    }

    /** Connects each to {@code uri}, sends its hello and sub if it has them (null: none), and waits until all are ready. */
    <C extends Conn> Connected<C> connectList(List<C> conns, URI uri, IntFunction<String> hello,
            IntFunction<String> sub) throws InterruptedException {
        Connected<C> result = new Connected<>(conns);
        Semaphore inFlight = new Semaphore(run.o.connectConcurrency);
        long t0 = System.nanoTime();
        int started = 0;
        for (int i = 0; i < conns.size(); i++) {
            if (!inFlight.tryAcquire(run.remainingNs(), TimeUnit.NANOSECONDS)) {
                break;
            }
            Conn c = conns.get(i);
            c.ready.whenComplete((v, e) -> inFlight.release());
            open(c, run.client(i), uri, hello.apply(i), sub.apply(i));
            started++;
        }
        for (int i = 0; i < conns.size(); i++) {
            awaitReady(result, conns.get(i), i < started);
        }
        result.elapsedNs = System.nanoTime() - t0;
        return result;
    }

    private void awaitReady(Connected<?> result, Conn c, boolean started) throws InterruptedException {
        if (!started) {
            c.ready.completeExceptionally(new TimeoutException("not started before the timeout"));
        }
        try {
            c.ready.get(run.remainingNs(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            result.failed++;
            run.error("connection " + c.index + ": " + e.getCause());
        } catch (TimeoutException e) {
            result.failed++;
            c.ready.completeExceptionally(e);
        }
    }

    private void open(Conn c, HttpClient client, URI uri, String hello, String sub) {
        c.readyOn = sub != null ? Conn.Ready.SUB_OK : hello != null ? Conn.Ready.WELCOME : Conn.Ready.OPEN;
        c.connectStartNs = System.nanoTime();
        client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(15)).buildAsync(uri, c)
                .thenCompose(ws -> {
                    CompletableFuture<WebSocket> f = CompletableFuture.completedFuture(ws);
                    if (hello != null) {
                        f = f.thenCompose(w -> w.sendText(hello, true));
                    }
                    if (sub != null) {
                        f = f.thenCompose(w -> w.sendText(sub, true));
                    }
                    c.lastSend = f;
                    return f;
                })
                .whenComplete((ws, e) -> {
                    if (e != null) {
                        c.ready.completeExceptionally(e);
                    } else if (c.readyOn == Conn.Ready.OPEN) {
                        c.markReady();
                    }
                });
    }

    /** Closes every connection (code 1000), waiting up to 15 s in all before aborting the rest. */
    @SafeVarargs
    final void closeAll(List<? extends Conn>... groups) {
        run.closing = true;
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        for (List<? extends Conn> group : groups) {
            for (Conn c : group) {
                WebSocket ws = c.ws;
                if (ws == null || c.closed.isDone()) {
                    c.closed.complete(null);
                    continue;
                }
                c.awaitSend(1_000);
                try {
                    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bench done")
                            .whenComplete((w, e) -> {
                                if (e != null) {
                                    c.closed.complete(null);
                                }
                            });
                } catch (RuntimeException e) {
                    c.closed.complete(null);
                }
                waits.add(c.closed);
            }
        }
        try {
            CompletableFuture.allOf(waits.toArray(new CompletableFuture<?>[0])).get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.out.printf(Locale.ROOT, "load: %d connections did not close in 15 s and were aborted%n",
                    abortUnclosed(groups));
        }
    }

    @SafeVarargs
    private static int abortUnclosed(List<? extends Conn>... groups) {
        int aborted = 0;
        for (List<? extends Conn> group : groups) {
            for (Conn c : group) {
                if (!c.closed.isDone() && c.ws != null) {
                    c.ws.abort();
                    aborted++;
                }
            }
        }
        return aborted;
    }
}
