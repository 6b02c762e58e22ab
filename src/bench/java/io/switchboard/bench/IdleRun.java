package io.switchboard.bench;

import java.io.IOException;
import java.util.Locale;

/**
 * N idle subscribed connections, each on a channel of its own: how long opening them all takes (and
 * the server's and the generator's CPU meanwhile, to tell which of them set that time), and
 * what they cost the server in resident memory (and, for a JVM, in live heap after a full GC),
 * measured before the first opens and again once all are open and the server has settled.
 * Run it first on a fresh server: later, a JVM reuses memory it already holds and RSS says little.
 */
final class IdleRun {

    record Result(int connections, int open, int failed, String firstFailure, double connectS, long rssBeforeKb,
                  long rssAfterKb, long heapBeforeBytes, long heapAfterBytes, double serverCpuS, double generatorCpuS) {

        double rssKbPerConnection() {
            return open == 0 ? 0 : (rssAfterKb - rssBeforeKb) / (double) open;
        }

        /** -1 when the server is not a JVM (no heap was read). */
        double heapKbPerConnection() {
            return heapBeforeBytes < 0 || open == 0 ? -1 : (heapAfterBytes - heapBeforeBytes) / 1024.0 / open;
        }

        String resultLine(Peer peer) {
            return String.format(Locale.ROOT, "RESULT peer=%s scenario=idle connections=%d open=%d failed=%d "
                    + "connect_s=%.2f connect_srv_cpu_pct=%.1f connect_gen_cpu_pct=%.1f rss_before_mb=%.1f "
                    + "rss_after_mb=%.1f rss_kb_per_conn=%.2f heap_kb_per_conn=%.2f status=%s",
                    peer.name().toLowerCase(Locale.ROOT), connections, open, failed, connectS,
                    pct(serverCpuS), pct(generatorCpuS), rssBeforeKb / 1024.0, rssAfterKb / 1024.0,
                    rssKbPerConnection(), heapKbPerConnection(), failed == 0 ? "ok" : "failed");
        }

        private double pct(double cpuS) {
            return connectS <= 0 ? 0 : 100 * cpuS / connectS;
        }
    }

    private final Peer peer;
    private final Subscribers subscribers;
    private final ServerProcess server;
    private final boolean javaHeap;
    /** Set: the sockets are raw NIO ones ({@link NioSockets}) rather than the JDK client's. */
    private final NioSockets nio;

    IdleRun(Peer peer, Subscribers subscribers, ServerProcess server, boolean javaHeap) {
        this(peer, subscribers, null, server, javaHeap);
    }

    IdleRun(Peer peer, Subscribers subscribers, NioSockets nio, ServerProcess server, boolean javaHeap) {
        this.peer = peer;
        this.subscribers = subscribers;
        this.nio = nio;
        this.server = server;
        this.javaHeap = javaHeap;
    }

    Result run(int n, long settleMs, long timeoutS) throws IOException, InterruptedException {
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        long heapBefore = javaHeap ? server.liveHeapBytes() : -1;
        long rssBefore = server.rssKb();
        System.out.printf(Locale.ROOT, "idle: %s, opening %d connections (rss %.1f MB)%n", peer.title, n, rssBefore / 1024.0);
        long ticks0 = server.cpuTicks();
        long gen0 = FanoutRun.generatorCpuNs();
        if (nio != null) {
            return runNio(n, settleMs, timeoutS, run, heapBefore, rssBefore, ticks0, gen0);
        }
        Subscribers.Opened opened = subscribers.open(n, i -> "idle-" + run + "-" + i, i -> null, timeoutS);
        double serverCpuS = (server.cpuTicks() - ticks0) / (double) ServerProcess.CLK_TCK;
        double generatorCpuS = (FanoutRun.generatorCpuNs() - gen0) / 1e9;
        int open = n - opened.failed();
        System.out.printf(Locale.ROOT, "idle: %d open, %d failed in %.2f s%s%n", open, opened.failed(),
                opened.elapsedNs() / 1e9, opened.failed() == 0 ? "" : " (first: " + opened.firstFailure() + ")");
        Thread.sleep(settleMs); // let the server finish what each handshake left to do before measuring
        long heapAfter = javaHeap ? server.liveHeapBytes() : -1;
        long rssAfter = server.rssKb();
        Subscribers.closeAll(opened.subscribers());
        return new Result(n, open, opened.failed(), opened.firstFailure(), opened.elapsedNs() / 1e9, rssBefore,
                rssAfter, heapBefore, heapAfter, serverCpuS, generatorCpuS);
    }

    /** The same over raw NIO sockets, which keep answering pings while the server settles and is measured. */
    private Result runNio(int n, long settleMs, long timeoutS, String run, long heapBefore, long rssBefore, long ticks0,
                          long gen0) throws IOException, InterruptedException {
        NioSockets.Opened opened = nio.open(n, i -> "idle-" + run + "-" + i, timeoutS);
        double serverCpuS = (server.cpuTicks() - ticks0) / (double) ServerProcess.CLK_TCK;
        double generatorCpuS = (FanoutRun.generatorCpuNs() - gen0) / 1e9;
        System.out.printf(Locale.ROOT, "idle (nio): %d open, %d failed in %.2f s%s%n", opened.subscribed(), opened.failed(),
                opened.elapsedNs() / 1e9, opened.failed() == 0 ? "" : " (first: " + opened.firstFailure() + ")");
        nio.idle(settleMs);
        long heapAfter = javaHeap ? server.liveHeapBytes() : -1;
        long rssAfter = server.rssKb();
        nio.idle(0);
        System.out.printf(Locale.ROOT, "idle (nio): %d pings answered%n", nio.pongs());
        nio.close();
        return new Result(n, opened.subscribed(), opened.failed(), opened.firstFailure(), opened.elapsedNs() / 1e9,
                rssBefore, rssAfter, heapBefore, heapAfter, serverCpuS, generatorCpuS);
    }
}
