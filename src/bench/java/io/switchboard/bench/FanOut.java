package io.switchboard.bench;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The fanout and acks scenarios: one publisher and --subscribers on one channel (WebSocket, or the
 * hub's TCP lines with --transport tcp; resumable and acking in acks). It publishes
 * ({@link PublishLoop}), then drains until every subscriber has had every message or lost it to a
 * gap, the deadline passes, or nothing moves for --stall seconds; {@link FanOutReport} says how it went.
 */
final class FanOut {
    private final LoadRun run;
    private final LoadOptions o;
    private final Connector connector;
    private final AtomicLong delivered = new AtomicLong();

    FanOut(LoadRun run) {
        this.run = run;
        this.o = run.o;
        this.connector = new Connector(run);
    }

    int run() throws Exception {
        int n = o.subscribers;
        System.out.printf(Locale.ROOT, "load: %s, %d subscribers on %s, %d messages, target %s%n",
                o.scenario, n, o.channel, o.messages, run.uri);
        TcpSubscribers tcp = o.transport.equals("tcp") ? new TcpSubscribers() : null;
        Connected<SubscriberConn> subs = connectSubscribers(tcp);
        PublisherConn pub = new PublisherConn(run);
        Connected<PublisherConn> pubs = connector.connectList(List.of(pub), run.publishUri,
                i -> connector.hello(null, false), i -> null);
        if (subs.failed > 0 || pubs.failed > 0 || run.remainingNs() == 0) {
            return connectFailed(subs, pubs, tcp);
        }

        CpuSample cpu0 = CpuSample.now(o.serverPid);
        PublishLoop.Published published = new PublishLoop(run, pub, subs.conns).run();
        String status = drain((long) published.sent() * n, published.status());
        CpuSample cpu1 = CpuSample.now(o.serverPid);
        finish(subs, pubs, tcp);
        new FanOutReport(run, subs, published, tcp != null).print(status, cpu1.genPct(cpu0), cpu1.serverPct(cpu0));
        return status.equals("ok") ? 0 : 1;
    }

    private Connected<SubscriberConn> connectSubscribers(TcpSubscribers tcp) throws InterruptedException {
        String sub = "{\"op\":\"sub\",\"ch\":\"" + o.channel + "\",\"id\":\"s\"}";
        if (tcp != null) {
            return connector.connectTcp(tcp, o.subscribers, this::subscriber, sub);
        }
        return connector.connectAll(o.subscribers, this::subscriber,
                i -> connector.hello(o.acks ? "lg-" + run.runId + "-" + i : null, o.batch), i -> sub);
    }

    private SubscriberConn subscriber(int i) {
        return new SubscriberConn(run, i, o.messages, delivered);
    }

    private int connectFailed(Connected<SubscriberConn> subs, Connected<PublisherConn> pubs, TcpSubscribers tcp) {
        System.out.printf(Locale.ROOT, "load: %d of %d subscribers and %d publisher failed to connect%n",
                subs.failed, o.subscribers, pubs.failed);
        run.printErrors();
        connector.closeAll(subs.conns, pubs.conns);
        if (tcp != null) {
            tcp.close();
        }
        System.out.printf(Locale.ROOT, "RESULT scenario=%s subscribers=%d status=connect_failed connect_failed=%d%n",
                o.scenario, o.subscribers, subs.failed + pubs.failed);
        return 1;
    }

    /** Waits for {@code expected} deliveries (or seqs lost to gaps); the publisher's status, or why the drain ended. */
    private String drain(long expected, String status) {
        long lastSeen = -1;
        long lastMove = System.nanoTime();
        while (true) {
            long done = delivered.get() + run.gapSeqs.get();
            long now = System.nanoTime();
            if (done >= expected) {
                return status;
            }
            if (run.pastDeadline(now)) {
                return "timeout";
            }
            if (done != lastSeen) {
                lastSeen = done;
                lastMove = now;
            } else if (now - lastMove > TimeUnit.SECONDS.toNanos(o.stallS)) {
                return status.equals("ok") ? "drain_stalled" : status;
            }
            LockSupport.parkNanos(2_000_000);
        }
    }

    private void finish(Connected<SubscriberConn> subs, Connected<PublisherConn> pubs, TcpSubscribers tcp) {
        if (o.acks) {
            for (SubscriberConn c : subs.conns) {
                c.finalAck();
            }
        }
        connector.closeAll(subs.conns, pubs.conns);
        if (tcp != null) {
            tcp.close();
        }
    }
}
