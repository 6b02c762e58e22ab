package io.switchboard.bench;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fan-out subscriber: checks each message's {@code n} (lost, duplicate, out of order) and records
 * its latency from {@code data.t}; in the acks scenario it acks cumulatively every --ack-every
 * messages. Its statistics are written by the listener and read after the close.
 */
final class SubscriberConn extends Conn {
    final LatencyHistogram latency = new LatencyHistogram();
    private final BitSet seen;
    private final int messages;
    /** Run-wide deliveries, which the drain waits on. */
    private final AtomicLong delivered;
    long received;
    long dup;
    long ooo;
    private long maxN = -1;
    private long lastSeq = -1;
    private long ackedSeq = -1;
    long acksSent;
    long lastDeliveryNs;
    /** Messages received plus seqs lost to gaps: what the publisher's lag window reads. */
    volatile long progress;
    private long gapped;

    SubscriberConn(LoadRun run, int index, int messages, AtomicLong delivered) {
        super(run, index);
        this.messages = messages;
        this.delivered = delivered;
        this.seen = new BitSet(Math.min(messages, 1 << 16));
    }

    @Override
    void onMsg() {
        long now = System.nanoTime();
        if (f.seq > lastSeq) {
            lastSeq = f.seq;
        }
        long n = f.n;
        if (n < 0 || n >= messages || f.t == Long.MIN_VALUE) {
            run.foreign.incrementAndGet();
            return;
        }
        received++;
        if (seen.get((int) n)) {
            dup++;
        } else {
            seen.set((int) n);
        }
        if (n < maxN) {
            ooo++;
        } else {
            maxN = n;
        }
        latency.record(now - f.t);
        lastDeliveryNs = now;
        progress = received + gapped;
        delivered.incrementAndGet();
        if (run.o.acks && received % run.o.ackEvery == 0 && !run.closing) {
            ack(lastSeq);
        }
    }

    @Override
    void onGap() {
        super.onGap();
        if (f.from >= 0 && f.to >= f.from) {
            gapped += f.to - f.from + 1;
            progress = received + gapped;
        }
        lastSeq = Math.max(lastSeq, f.seq);
    }

    /** Cumulative ack if no other send is in flight; a skipped one is covered by the next. */
    private synchronized void ack(long seq) {
        if (seq <= ackedSeq || !lastSend.isDone() || ws == null) {
            return;
        }
        ackedSeq = seq;
        acksSent++;
        lastSend = ws.sendText("{\"op\":\"ack\",\"seq\":" + seq + "}", true);
    }

    /** Acks everything received before the close; called after the drain. */
    void finalAck() {
        if (ws == null || closed.isDone()) {
            return;
        }
        awaitSend(1_000);
        synchronized (this) {
            if (lastSeq > ackedSeq) {
                ack(lastSeq);
            }
        }
    }
}
