package io.switchboard.bench;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The idle scenario: what --connections sessions, each subscribed to its own channel, cost the
 * server. Its heap (after a full GC) and RSS are measured before they open, once they are open and
 * have settled, and once they are closed again, and given per connection.
 */
final class Idle {
    private final LoadRun run;
    private final LoadOptions o;
    private final Connector connector;
    private ServerMemory before;
    private ServerMemory after;
    private ServerMemory closed;
    private int open;

    Idle(LoadRun run) {
        this.run = run;
        this.o = run.o;
        this.connector = new Connector(run);
    }

    int run() throws Exception {
        int n = o.connections;
        System.out.printf(Locale.ROOT, "load: idle, %d connections, server pid %d, target %s%n", n, o.serverPid, run.uri);
        before = ServerMemory.of(o.serverPid);
        System.out.printf(Locale.ROOT, "load: before: heap %.1f MB live, RSS %.1f MB%n",
                before.heapBytes() / 1e6, before.rssKb() / 1e3);
        Connected<Conn> idle = connector.connectAll(n, i -> new Conn(run, i),
                i -> o.resumable ? connector.hello("lg-" + run.runId + "-idle-" + i, false) : null,
                i -> "{\"op\":\"sub\",\"ch\":\"/bench/idle/" + i + "\",\"id\":\"s\"}");
        String status = idle.failed == 0 ? "ok" : "connect_failed";
        if (idle.failed > 0) {
            System.out.printf(Locale.ROOT, "load: %d of %d connections failed%n", idle.failed, n);
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(o.settleS));
        open = countOpen(idle.conns);
        after = ServerMemory.of(o.serverPid);
        connector.closeAll(idle.conns, List.of());
        // What the server still holds once they are all closed (sessions, caches, leaks).
        Thread.sleep(TimeUnit.SECONDS.toMillis(o.settleS));
        closed = ServerMemory.of(o.serverPid);
        report(idle, status);
        return status.equals("ok") ? 0 : 1;
    }

    private static int countOpen(List<Conn> conns) {
        int open = 0;
        for (Conn c : conns) {
            if (c.ready.isDone() && !c.ready.isCompletedExceptionally() && !c.closed.isDone()) {
                open++;
            }
        }
        return open;
    }

    private void report(Connected<Conn> idle, String status) {
        double heapKb = open > 0 ? (after.heapBytes() - before.heapBytes()) / 1024.0 / open : 0;
        double rssKb = open > 0 ? (after.rssKb() - before.rssKb()) / (double) open : 0;
        double retainedKb = open > 0 ? (closed.heapBytes() - before.heapBytes()) / 1024.0 / open : 0;
        printSummary(idle, heapKb, rssKb, retainedKb);
        System.out.printf(Locale.ROOT, "errors            %d; unexpected closes %d%n", run.errors.get(),
                run.unexpectedCloses.get());
        run.printErrors();
        System.out.printf(Locale.ROOT, "RESULT scenario=idle connections=%d open=%d resumable=%s heap_kb_per_conn=%.2f "
                + "rss_kb_per_conn=%.2f retained_kb_per_conn=%.2f heap_before_mb=%.1f heap_after_mb=%.1f "
                + "heap_closed_mb=%.1f rss_before_mb=%.1f rss_after_mb=%.1f connect_s=%.3f errors=%d status=%s%n",
                idle.conns.size(), open, o.resumable, heapKb, rssKb, retainedKb, before.heapBytes() / 1e6,
                after.heapBytes() / 1e6, closed.heapBytes() / 1e6, before.rssKb() / 1e3, after.rssKb() / 1e3,
                idle.elapsedNs / 1e9, run.errors.get(), status);
    }

    private void printSummary(Connected<Conn> idle, double heapKb, double rssKb, double retainedKb) {
        System.out.println();
        System.out.println("== switchboard load: idle ==");
        System.out.printf(Locale.ROOT, "target            %s (server pid %d)%n", run.uri, o.serverPid);
        System.out.printf(Locale.ROOT, "connections       %d open and subscribed of %d (%s)%n", open, idle.conns.size(),
                o.resumable ? "resumable, client id" : "ephemeral");
        System.out.printf(Locale.ROOT, "connect           %s%n", idle.describe(o.connectConcurrency));
        System.out.printf(Locale.ROOT, "server heap       %.1f MB -> %.1f MB live (after full GC) = %.2f KB/connection%n",
                before.heapBytes() / 1e6, after.heapBytes() / 1e6, heapKb);
        System.out.printf(Locale.ROOT, "server RSS        %.1f MB -> %.1f MB = %.2f KB/connection "
                + "(RSS only grows: meaningful on a fresh server)%n", before.rssKb() / 1e3, after.rssKb() / 1e3, rssKb);
        System.out.printf(Locale.ROOT, "after close       heap %.1f MB live = %.2f KB/connection still held%n",
                closed.heapBytes() / 1e6, retainedKb);
        System.out.println("heap growth by class, open - before (top 12):");
        ServerMemory.printTop(before, after, open, 12);
        if (retainedKb > 1) {
            System.out.println("heap still held after close by class, closed - before (top 8):");
            ServerMemory.printTop(before, closed, open, 8);
        }
    }
}
