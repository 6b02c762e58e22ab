package io.switchboard.tcp;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The TCP listener's counters, read by the {@code switchboard_tcp_*} gauges. */
public final class TcpStats {
    final AtomicInteger open = new AtomicInteger();
    final LongAdder accepted = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder framesIn = new LongAdder();
    final LongAdder framesOut = new LongAdder();
    final LongAdder overLong = new LongAdder();

    public long connections() {
        return open.get();
    }

    public long accepted() {
        return accepted.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    public long framesIn() {
        return framesIn.sum();
    }

    public long framesOut() {
        return framesOut.sum();
    }

    /** Lines refused for passing the hard frame limit (each closed its connection). */
    public long overLong() {
        return overLong.sum();
    }
}
