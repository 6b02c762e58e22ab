package io.switchboard.it;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntToLongFunction;

/**
 * What one soak subscriber saw of its one channel, whose messages are numbered {@code n = 0, 1, ...}
 * without holes. It records instead of asserting, so the soak can report every transport at the end.
 *
 * <p>Resumable subscribers must end with every {@code n} up to the last one published either received
 * or covered by a gap. Gaps come as session seqs (a session's only seq frames are that channel's
 * messages, so {@code seq - n} never changes; a gap stands at its own {@code to}), or as hub offsets
 * (SSE), which the publisher's record of each message's offset turns into {@code n}s. Ephemeral
 * subscribers are owed only what was published while they were connected: a hole inside one
 * connection's span is lost, one between connections is "away".
 */
final class SoakLedger {
    final String transport;
    final String name;
    final String channel;
    final boolean resumable;
    private final BitSet got = new BitSet();
    private final BitSet inConnection = new BitSet();
    private final List<long[]> seqGaps = new ArrayList<>();
    private final List<long[]> offGaps = new ArrayList<>();
    private final List<Long> closeMs = new ArrayList<>();
    private long seqOffset = Long.MIN_VALUE;
    private int duplicates;
    private int oneSeqPerMessageBroken;
    private int spanFirst = -1;
    private int spanLast = -1;
    private long lastSeq;
    private String lastEventId;

    SoakLedger(String transport, String name, String channel, boolean resumable) {
        this.transport = transport;
        this.name = name;
        this.channel = channel;
        this.resumable = resumable;
    }

    /** A message {@code n}; {@code seq} is 0 where the transport has none (SSE, ephemeral sockets). */
    synchronized void message(int n, long seq) {
        if (got.get(n)) {
            duplicates++;
        }
        got.set(n);
        if (seq > 0) {
            if (seqOffset == Long.MIN_VALUE) {
                seqOffset = seq - n;
            } else if (seq - n != seqOffset) {
                oneSeqPerMessageBroken++;
            }
            lastSeq = Math.max(lastSeq, seq);
        }
        if (spanFirst < 0) {
            spanFirst = n;
        }
        spanLast = Math.max(spanLast, n);
    }

    synchronized void seqGap(long from, long to) {
        seqGaps.add(new long[] {from, to});
        lastSeq = Math.max(lastSeq, to);
    }

    synchronized void offsetGap(long from, long to) {
        offGaps.add(new long[] {from, to});
    }

    /** The highest seq processed: what a resume names. */
    synchronized long lastSeq() {
        return lastSeq;
    }

    synchronized void lastEventId(String id) {
        lastEventId = id;
    }

    synchronized String lastEventId() {
        return lastEventId;
    }

    /** An ephemeral subscriber's connection ended: what it spanned was owed to it. */
    synchronized void connectionEnded() {
        if (spanFirst >= 0) {
            inConnection.set(spanFirst, spanLast + 1);
        }
        spanFirst = -1;
        spanLast = -1;
    }

    synchronized void closeTook(long ms) {
        closeMs.add(ms);
    }

    synchronized List<Long> closes() {
        return List.copyOf(closeMs);
    }

    /** Whether message {@code last} was received or, for a resumable subscriber, covered by a gap. */
    synchronized boolean reached(int last, IntToLongFunction offsetOf) {
        return got.get(last) || resumable && covered(last, offsetOf);
    }

    private boolean covered(int n, IntToLongFunction offsetOf) {
        if (seqOffset != Long.MIN_VALUE) {
            long seq = seqOffset + n;
            for (long[] g : seqGaps) {
                if (seq >= g[0] && seq <= g[1]) {
                    return true;
                }
            }
        }
        long off = offsetOf.applyAsLong(n);
        for (long[] g : offGaps) {
            if (off >= g[0] && off <= g[1]) {
                return true;
            }
        }
        return false;
    }

    /** The counts over messages {@code 0..last}. */
    synchronized Counts count(int last, IntToLongFunction offsetOf) {
        BitSet owed = new BitSet();
        if (resumable) {
            owed.set(0, last + 1);
        } else {
            owed.or(inConnection);
            if (spanFirst >= 0) {
                owed.set(spanFirst, spanLast + 1);
            }
        }
        int delivered = got.cardinality();
        int lost = 0;
        int gapped = 0;
        int away = 0;
        for (int n = 0; n <= last; n++) {
            if (got.get(n)) {
                continue;
            }
            if (!owed.get(n)) {
                away++;
            } else if (resumable && covered(n, offsetOf)) {
                gapped++;
            } else {
                lost++;
            }
        }
        return new Counts(delivered, lost, duplicates, gapped, away, oneSeqPerMessageBroken, seqGaps.size() + offGaps.size());
    }

    record Counts(int delivered, int lost, int duplicated, int gapped, int away, int seqBroken, int gaps) {
        Counts plus(Counts o) {
            return new Counts(delivered + o.delivered, lost + o.lost, duplicated + o.duplicated, gapped + o.gapped,
                    away + o.away, seqBroken + o.seqBroken, gaps + o.gaps);
        }
    }
}
