package io.switchboard.routing;

import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.protocol.Since;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Each channel's recent history and retained value, kept from messages that already have their
 * offsets: the single node records what it appends, a cluster node what it reads from the
 * cluster's log (so every node holds the same history). A channel's entry is kept once created
 * (even when its history has expired) so that a later {@code since} can still be told about the gap.
 */
public final class HistoryStore {
    private final Map<ChannelPath, ChannelHistory> channels = new ConcurrentHashMap<>();
    private final int history;
    private final long historyTtlMillis;
    private final LongSupplier clock;

    public HistoryStore(int history, long historyTtlMillis, LongSupplier clock) {
        this.history = history;
        this.historyTtlMillis = historyTtlMillis;
        this.clock = clock;
    }

    /** Keeps a message; one channel's messages must come in offset order. */
    public void record(Message m) {
        channels.computeIfAbsent(m.channel(), c -> new ChannelHistory(history, historyTtlMillis)).add(m, clock.getAsLong());
    }

    /** Runs {@code append} under the channel's monitor and records what it made (offsets then grow in history order). */
    Message recordAppended(ChannelPath channel, java.util.function.LongFunction<Message> append) {
        ChannelHistory h = channels.computeIfAbsent(channel, c -> new ChannelHistory(history, historyTtlMillis));
        synchronized (h) {
            long now = clock.getAsLong();
            Message m = append.apply(now);
            h.add(m, now);
            return m;
        }
    }

    /** A retained value known from elsewhere (a cluster's store of them), unless a newer one is held. */
    public void recordRetained(Message m) {
        channels.computeIfAbsent(m.channel(), c -> new ChannelHistory(history, historyTtlMillis)).retainIfNewer(m);
    }

    public List<Message> retained(ChannelPattern pattern) {
        List<Message> out = new ArrayList<>();
        channels.forEach((path, h) -> {
            Message r = pattern.matches(path) ? h.retained() : null;
            if (r != null) {
                out.add(r);
            }
        });
        out.sort(Comparator.comparingLong(Message::off));
        return out;
    }

    public Replay replay(ChannelPattern pattern, Since since, String epoch) {
        boolean epochChanged = since.epoch() != null && !since.epoch().equals(epoch);
        long after = epochChanged ? 0 : since.off();
        long now = clock.getAsLong();
        List<Replay.ChannelGap> gaps = new ArrayList<>();
        List<Message> messages = new ArrayList<>();
        channels.forEach((path, h) -> {
            if (!pattern.matches(path)) {
                return;
            }
            long dropped = h.droppedUpTo(now);
            if (!epochChanged && dropped > after) {
                gaps.add(new Replay.ChannelGap(path.value(), after + 1, dropped));
            }
            messages.addAll(h.after(after, now));
        });
        messages.sort(Comparator.comparingLong(Message::off));
        gaps.sort(Comparator.comparing(Replay.ChannelGap::ch));
        return new Replay(epochChanged, gaps, messages);
    }

    /** Whether {@code channel} has history or a retained value now. */
    public boolean holds(ChannelPath channel) {
        ChannelHistory h = channels.get(channel);
        return h != null && !h.isEmpty(clock.getAsLong());
    }

    public List<ChannelPath> channels() {
        long now = clock.getAsLong();
        List<ChannelPath> out = new ArrayList<>();
        channels.forEach((path, h) -> {
            if (!h.isEmpty(now)) {
                out.add(path);
            }
        });
        return out;
    }
}
