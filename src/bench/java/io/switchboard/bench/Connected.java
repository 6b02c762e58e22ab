package io.switchboard.bench;

import java.util.List;
import java.util.Locale;

/** A group of connections a scenario opened: how many failed, how long it took, and its connect line. */
final class Connected<C extends Conn> {
    final List<C> conns;
    int failed;
    long elapsedNs;
    /** What "ready" means for these connections, for {@link #describe}. */
    String readyWhat = "sub ok";

    Connected(List<C> conns) {
        this.conns = conns;
    }

    String describe(int connectConcurrency) {
        LatencyHistogram handshake = new LatencyHistogram();
        LatencyHistogram ready = new LatencyHistogram();
        for (Conn c : conns) {
            if (c.openNs > 0) {
                handshake.record(c.openNs - c.connectStartNs);
            }
            if (c.readyNs > 0) {
                ready.record(c.readyNs - c.connectStartNs);
            }
        }
        double s = elapsedNs / 1e9;
        return String.format(Locale.ROOT, "%d connections in %.3f s (%.0f/s, %d in flight); handshake p50 %s "
                        + "p99 %s ms; to %s p50 %s p99 %s max %s ms; %d failed",
                conns.size() - failed, s, s > 0 ? (conns.size() - failed) / s : 0, connectConcurrency,
                Report.ms(handshake.percentile(50)), Report.ms(handshake.percentile(99)), readyWhat,
                Report.ms(ready.percentile(50)), Report.ms(ready.percentile(99)), Report.ms(ready.max()), failed);
    }
}
