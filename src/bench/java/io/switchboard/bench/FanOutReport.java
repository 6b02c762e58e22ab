package io.switchboard.bench;

import java.util.Locale;

/**
 * The fanout and acks report: the subscribers' counts and latencies added up, printed as the
 * summary block and the {@code RESULT} line.
 */
final class FanOutReport {
    private final LoadRun run;
    private final LoadOptions o;
    private final Connected<SubscriberConn> subs;
    private final PublishLoop.Published published;
    private final boolean tcp;
    private final long expected;
    private final LatencyHistogram latency = new LatencyHistogram();
    private long received;
    private long dup;
    private long ooo;
    private long unique;
    private long acksSent;
    private long lastDelivery;
    private int subsMissing;

    FanOutReport(LoadRun run, Connected<SubscriberConn> subs, PublishLoop.Published published, boolean tcp) {
        this.run = run;
        this.o = run.o;
        this.subs = subs;
        this.published = published;
        this.tcp = tcp;
        this.expected = (long) published.sent() * subs.conns.size();
        this.lastDelivery = published.firstSendNs();
        for (SubscriberConn c : subs.conns) {
            add(c);
        }
    }

    private void add(SubscriberConn c) {
        latency.add(c.latency);
        received += c.received;
        dup += c.dup;
        ooo += c.ooo;
        unique += c.received - c.dup;
        acksSent += c.acksSent;
        lastDelivery = Math.max(lastDelivery, c.lastDeliveryNs);
        if (c.received - c.dup < published.sent()) {
            subsMissing++;
        }
    }

    void print(String status, double genCpu, double srvCpu) {
        double spanS = (lastDelivery - published.firstSendNs()) / 1e9;
        double deliveredPerS = spanS > 0 ? received / spanS : 0;
        double pubPerS = published.spanNs() > 0 ? published.sent() / (published.spanNs() / 1e9) : 0;
        printSummary(status, spanS, deliveredPerS, pubPerS);
        Report.printCpu(genCpu, srvCpu);
        run.printErrors();
        printResult(status, deliveredPerS, pubPerS, genCpu, srvCpu);
    }

    private void printSummary(String status, double spanS, double deliveredPerS, double pubPerS) {
        int n = subs.conns.size();
        System.out.println();
        System.out.printf(Locale.ROOT, "== switchboard load: %s ==%n", o.scenario);
        System.out.printf(Locale.ROOT, "target            %s%s%n", run.uri,
                tcp ? " (publisher); subscribers on tcp://" + o.host + ":" + o.tcpPort : "");
        System.out.printf(Locale.ROOT, "subscribers       %d %s, batch=%s%s%n", n,
                o.acks ? "resumable (client id)" : "ephemeral", o.batch,
                o.acks ? ", ack every " + o.ackEvery + " (" + acksSent + " acks sent)" : "");
        System.out.printf(Locale.ROOT, "messages          %d x %d B data%s, rate=%s, window=%d, max-lag=%d%n",
                o.messages, o.size, o.durationS > 0 ? " (at most " + o.durationS + " s)" : "",
                o.rate > 0 ? Report.fmt(o.rate) + "/s" : "max", o.window, o.maxLag);
        System.out.printf(Locale.ROOT, "connect           %s%n", subs.describe(o.connectConcurrency));
        System.out.printf(Locale.ROOT, "published         %d in %.3f s = %.0f msg/s (status %s)%n",
                published.sent(), published.spanNs() / 1e9, pubPerS, status);
        System.out.printf(Locale.ROOT, "delivered         %d of %d in %.3f s = %.0f deliveries/s%n",
                received, expected, spanS, deliveredPerS);
        Report.printLatency(latency);
        System.out.printf(Locale.ROOT, "lost/dup/ooo      %d / %d / %d  (%d subscribers missed some)%n",
                expected - unique, dup, ooo, subsMissing);
        System.out.printf(Locale.ROOT, "gaps              %d gap frames covering %d seqs; errors %d; "
                + "unexpected closes %d; foreign frames %d%n",
                run.gapFrames.get(), run.gapSeqs.get(), run.errors.get(), run.unexpectedCloses.get(), run.foreign.get());
    }

    private void printResult(String status, double deliveredPerS, double pubPerS, double genCpu, double srvCpu) {
        System.out.printf(Locale.ROOT, "RESULT scenario=%s transport=%s subscribers=%d messages=%d batch=%s acks=%s rate=%s "
                + "size=%d sent=%d delivered=%d expected=%d delivered_per_s=%.0f pub_per_s=%.0f "
                + "p50_ms=%s p90_ms=%s p99_ms=%s p999_ms=%s max_ms=%s lost=%d dup=%d ooo=%d gaps=%d errors=%d "
                + "connect_s=%.3f gen_cpu_pct=%.0f srv_cpu_pct=%.0f status=%s%n",
                o.scenario, o.transport, subs.conns.size(), o.messages, o.batch, o.acks, Report.fmt(o.rate), o.size,
                published.sent(), received, expected, deliveredPerS, pubPerS, Report.ms(latency.percentile(50)),
                Report.ms(latency.percentile(90)), Report.ms(latency.percentile(99)),
                Report.ms(latency.percentile(99.9)), Report.ms(latency.max()), expected - unique, dup, ooo,
                run.gapSeqs.get(), run.errors.get(), subs.elapsedNs / 1e9, genCpu, srvCpu, status);
    }
}
