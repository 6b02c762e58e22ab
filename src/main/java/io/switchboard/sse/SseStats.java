package io.switchboard.sse;

import java.util.concurrent.atomic.LongAdder;

/** Counters shared by every stream of the application; the metrics read them. */
public final class SseStats {
    final LongAdder opened = new LongAdder();
    final LongAdder closed = new LongAdder();
    final LongAdder eventsSent = new LongAdder();
    final LongAdder slowClosed = new LongAdder();

    public long open() {
        return opened.sum() - closed.sum();
    }

    public long opened() {
        return opened.sum();
    }

    /** Events handed to the container's output (written or buffered by it), heartbeats not counted. */
    public long eventsSent() {
        return eventsSent.sum();
    }

    /** Streams closed because their queue passed its bound. */
    public long slowClosed() {
        return slowClosed.sum();
    }
}
