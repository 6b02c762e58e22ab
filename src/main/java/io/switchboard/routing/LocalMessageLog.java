package io.switchboard.routing;

import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.protocol.Since;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** The message log of a single node, in memory: one offset counter and a {@link HistoryStore}. */
public final class LocalMessageLog implements MessageLog {
    private final String epoch = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong offsets = new AtomicLong();
    private final HistoryStore store;

    public LocalMessageLog(int history, long historyTtlMillis, LongSupplier clock) {
        this.store = new HistoryStore(history, historyTtlMillis, clock);
    }

    /** Within {@code maxBytes} in all, retained values kept {@code retainedTtlMillis} (0: until cleared). */
    public LocalMessageLog(int history, long historyTtlMillis, long retainedTtlMillis, long maxBytes, LongSupplier clock) {
        this.store = new HistoryStore(history, historyTtlMillis, retainedTtlMillis, maxBytes, clock);
    }

    @Override
    public void sweep() {
        store.sweep();
    }

    @Override
    public boolean admitsRetained(long size) {
        return store.admitsRetained(size);
    }

    @Override
    public long heldBytes() {
        return store.bytes();
    }

    @Override
    public long evictedForBudget() {
        return store.evicted();
    }

    @Override
    public String epoch() {
        return epoch;
    }

    @Override
    public long latestOffset() {
        return offsets.get();
    }

    @Override
    public Message append(ChannelPath channel, String data, String from, boolean retain) {
        return store.recordAppended(channel, now -> new Message(channel, data, offsets.incrementAndGet(), from, retain, now));
    }

    @Override
    public List<Message> retained(ChannelPattern pattern) {
        return store.retained(pattern);
    }

    @Override
    public Replay replay(ChannelPattern pattern, Since since) {
        return store.replay(pattern, since, epoch);
    }

    @Override
    public io.switchboard.protocol.HistoryPage history(ChannelPath channel, Since since, int limit, boolean reverse,
                                                       long maxChars) {
        return store.page(channel, since, limit, reverse, maxChars, epoch);
    }

    @Override
    public boolean holds(ChannelPath channel) {
        return store.holds(channel);
    }

    @Override
    public List<ChannelPath> channels() {
        return store.channels();
    }
}
