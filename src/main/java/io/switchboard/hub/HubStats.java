package io.switchboard.hub;

import java.util.concurrent.atomic.LongAdder;

/** The hub's own counters; gauges (connections, sessions, queue depths) are read from the hub itself. */
public final class HubStats {
    final LongAdder framesIn = new LongAdder();
    final LongAdder framesOut = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder slowConsumers = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder rateLimited = new LongAdder();
    /** Connections the hub closed with 1008 for sustained flooding. */
    final LongAdder floodCloses = new LongAdder();
    private final java.util.Map<Budget, LongAdder> overloaded = new java.util.EnumMap<>(Budget.class);

    public HubStats() {
        for (Budget b : Budget.values()) {
            overloaded.put(b, new LongAdder());
        }
    }

    /** A request refused with {@code overloaded} by {@code b}. */
    public void overloaded(Budget b) {
        overloaded.get(b).increment();
    }

    public long overloadedBy(Budget b) {
        return overloaded.get(b).sum();
    }

    public long floodCloses() {
        return floodCloses.sum();
    }

    public long framesIn() {
        return framesIn.sum();
    }

    public long framesOut() {
        return framesOut.sum();
    }

    /** Transports count each frame they write. */
    public void wrote(int frames) {
        framesOut.add(frames);
    }

    public long dropped() {
        return dropped.sum();
    }

    public long slowConsumers() {
        return slowConsumers.sum();
    }

    public long errors() {
        return errors.sum();
    }

    public long rateLimited() {
        return rateLimited.sum();
    }
}
