package io.switchboard.routing;

import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.protocol.Since;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The message log of a single node, in memory. A channel's entry is kept once created (even when
 * its history has expired) so that a later {@code since} can still be told about the gap.
 */
public final class LocalMessageLog implements MessageLog {
    private final String epoch = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong offsets = new AtomicLong();
    private final Map<ChannelPath, ChannelHistory> channels = new ConcurrentHashMap<>();
    private final int history;
    private final long historyTtlMillis;
    private final LongSupplier clock;

    public LocalMessageLog(int history, long historyTtlMillis, LongSupplier clock) {
        this.history = history;
        this.historyTtlMillis = historyTtlMillis;
        this.clock = clock;
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
        ChannelHistory h = channels.computeIfAbsent(channel, c -> new ChannelHistory(history, historyTtlMillis));
        synchronized (h) {
            long now = clock.getAsLong();
            Message m = new Message(channel, data, offsets.incrementAndGet(), from, retain, now);
            h.add(m, now);
            return m;
        }
    }

    @Override
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

    @Override
    public Replay replay(ChannelPattern pattern, Since since) {
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

    @Override
    public boolean holds(ChannelPath channel) {
        ChannelHistory h = channels.get(channel);
        return h != null && !h.isEmpty(clock.getAsLong());
    }

    @Override
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
