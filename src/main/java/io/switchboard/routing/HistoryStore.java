package io.switchboard.routing;

import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.protocol.Gap;
import io.switchboard.protocol.HistoryPage;
import io.switchboard.protocol.Since;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Each channel's recent history and retained value, kept from messages that already have their
 * offsets: the single node records what it appends, a cluster node what it reads from the
 * cluster's log (so every node holds the same history).
 *
 * <p>Everything held counts against one byte budget ({@code limits.historyBytes}).
 * Past it, entries of channels that hold nothing are forgotten first, then the oldest history
 * of any channel: a later {@code since} is told of what went by a {@code gap}. Retained values
 * are never dropped for room: a retained publish that would take them past the budget is
 * refused ({@link #admitsRetained}). A channel's entry is kept while it holds nothing (so a later
 * {@code since} is told about the gap) until the budget needs its room; an entry made after one
 * was forgotten starts with a gap up to the highest offset ever forgotten, so a forgotten channel
 * can cause a gap that was not needed, but never a silent loss. {@link #sweep} (on the hub's
 * timer) expires history and retained values on channels that nobody touches again.
 */
public final class HistoryStore {
    private final Map<ChannelPath, ChannelHistory> channels = new ConcurrentHashMap<>();
    private final int history;
    private final long historyTtlMillis;
    private final long retainedTtlMillis;
    private final long maxBytes;
    private final LongSupplier clock;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong retainedBytes = new AtomicLong();
    private final LongAdder evicted = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final ReentrantLock evicting = new ReentrantLock();
    /** The highest offset an entry held when it was forgotten. */
    private volatile long forgottenUpTo;

    public HistoryStore(int history, long historyTtlMillis, LongSupplier clock) {
        this(history, historyTtlMillis, 0, Long.MAX_VALUE, clock);
    }

    public HistoryStore(int history, long historyTtlMillis, long retainedTtlMillis, long maxBytes, LongSupplier clock) {
        this.history = history;
        this.historyTtlMillis = historyTtlMillis;
        this.retainedTtlMillis = retainedTtlMillis;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    private ChannelHistory entry(ChannelPath channel) {
        return channels.computeIfAbsent(channel,
                c -> new ChannelHistory(history, historyTtlMillis, forgottenUpTo, bytes, retainedBytes));
    }

    /** Keeps a message; one channel's messages must come in offset order. */
    public void record(Message m) {
        while (!entry(m.channel()).add(m, clock.getAsLong())) {
            Thread.onSpinWait(); // the entry was forgotten just now: the next one takes it
        }
        keepWithinBudget();
    }

    /** Runs {@code append} under the channel's monitor and records what it made (offsets then grow in history order). */
    Message recordAppended(ChannelPath channel, java.util.function.LongFunction<Message> append) {
        Message m = null;
        while (m == null) {
            ChannelHistory h = entry(channel);
            synchronized (h) {
                if (!h.forgotten()) {
                    long now = clock.getAsLong();
                    m = append.apply(now);
                    h.add(m, now);
                }
            }
        }
        keepWithinBudget();
        return m;
    }

    /** A retained value known from elsewhere (a cluster's store of them), unless a newer one is held. */
    public void recordRetained(Message m) {
        while (!entry(m.channel()).retainIfNewer(m)) {
            Thread.onSpinWait();
        }
        keepWithinBudget();
    }

    /**
     * Whether a retained value of about {@code size} bytes fits the budget; counts a refusal when
     * not. Retained values may take 7/8 of the budget (what eviction frees down to), history what they leave.
     */
    public boolean admitsRetained(long size) {
        if (retainedBytes.get() + size + ChannelHistory.OVERHEAD <= maxBytes - maxBytes / 8) {
            return true;
        }
        refused.increment();
        return false;
    }

    /**
     * Past the budget, frees room down to 7/8 of it: empty entries first, then the oldest held
     * messages hub-wide. One thread evicts at a time; the others go on (each adds at most a frame).
     */
    private void keepWithinBudget() {
        if (bytes.get() <= maxBytes || !evicting.tryLock()) {
            return;
        }
        try {
            long target = maxBytes - maxBytes / 8;
            forgetEmpty(target);
            if (bytes.get() > target) {
                evictOldest(target);
            }
        } finally {
            evicting.unlock();
        }
    }

    private void forgetEmpty(long target) {
        long now = clock.getAsLong();
        for (Map.Entry<ChannelPath, ChannelHistory> e : channels.entrySet()) {
            if (bytes.get() <= target) {
                return;
            }
            forgetIfEmpty(e.getKey(), e.getValue(), now, false);
        }
    }

    /** Under the entry's monitor, so no append can slip in between the check and the removal. */
    private void forgetIfEmpty(ChannelPath path, ChannelHistory h, long now, boolean sweep) {
        synchronized (h) {
            boolean empty = sweep ? h.sweep(now, retainedTtlMillis) : h.isEmpty(now);
            if (empty && !h.forgotten() && channels.remove(path, h)) {
                long upTo = h.forget();
                synchronized (this) {
                    forgottenUpTo = Math.max(forgottenUpTo, upTo);
                }
            }
        }
    }

    private void evictOldest(long target) {
        PriorityQueue<ChannelHistory> oldest = new PriorityQueue<>(Comparator.comparingLong(ChannelHistory::oldestHeld));
        for (ChannelHistory h : channels.values()) {
            if (h.oldestHeld() != Long.MAX_VALUE) {
                oldest.add(h);
            }
        }
        while (bytes.get() > target && !oldest.isEmpty()) {
            ChannelHistory h = oldest.poll();
            if (h.evictOldest()) {
                evicted.increment();
                if (h.oldestHeld() != Long.MAX_VALUE) {
                    oldest.add(h);
                }
            }
        }
    }

    /**
     * The timer's pass over every channel: history past {@code historyTtl} and retained values
     * past {@code retainedTtl} go, and entries left empty are forgotten while over 3/4 of the budget.
     */
    public void sweep() {
        long now = clock.getAsLong();
        for (Map.Entry<ChannelPath, ChannelHistory> e : channels.entrySet()) {
            ChannelHistory h = e.getValue();
            if (h.sweep(now, retainedTtlMillis) && bytes.get() > maxBytes - maxBytes / 4) {
                forgetIfEmpty(e.getKey(), h, now, true);
            }
        }
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
        long forgotten = forgottenUpTo;
        if (!epochChanged && forgotten > after) {
            // A channel that matches may have been forgotten with what it held: say so, for the pattern.
            gaps.add(new Replay.ChannelGap(pattern.toString(), after + 1, forgotten));
        }
        messages.sort(Comparator.comparingLong(Message::off));
        gaps.sort(Comparator.comparing(Replay.ChannelGap::ch));
        return new Replay(epochChanged, gaps, messages);
    }

    /**
     * One page of a channel's history (docs/protocol.md, History on demand), with a gap when
     * history no longer holds the start of what was asked: forward, offsets {@code since+1} up to
     * the last the channel lost; reverse, once the page reaches the oldest held, offsets from 1
     * up to the last lost below {@code since}. A channel the store holds nothing of may have been
     * forgotten ({@link #forgottenUpTo}); a {@code since} of another epoch gets an empty page and
     * an epoch gap.
     */
    public HistoryPage page(ChannelPath channel, Since since, int limit, boolean reverse, long maxChars, String epoch) {
        ChannelHistory h = channels.get(channel);
        if (since != null && since.epoch() != null && !since.epoch().equals(epoch)) {
            long top = h == null ? 0 : h.latest();
            return new HistoryPage(channel.value(), epoch, top, List.of(), Gap.epochChanged(epoch), false);
        }
        long bound = since != null ? since.off() : reverse ? Long.MAX_VALUE : 0;
        ChannelHistory.Slice s = h == null ? new ChannelHistory.Slice(List.of(), false, forgottenUpTo, 0)
                : h.slice(bound, reverse, limit, maxChars, clock.getAsLong());
        Gap gap = null;
        if (!reverse && s.droppedUpTo() > bound) {
            gap = Gap.lost(channel.value(), bound + 1, s.droppedUpTo());
        } else if (reverse && !s.more() && Math.min(s.droppedUpTo(), bound - 1) >= 1) {
            gap = Gap.lost(channel.value(), 1, Math.min(s.droppedUpTo(), bound - 1));
        }
        List<HistoryPage.Entry> entries = new ArrayList<>(s.messages().size());
        for (Message m : s.messages()) {
            entries.add(new HistoryPage.Entry(m.off(), m.data(), m.at()));
        }
        return new HistoryPage(channel.value(), epoch, s.latest(), entries, gap, s.more());
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

    /** Bytes held (history, retained values and entries), as the budget counts them. */
    public long bytes() {
        return bytes.get();
    }

    public long retainedBytes() {
        return retainedBytes.get();
    }

    /** Messages dropped from history to stay within the budget. */
    public long evicted() {
        return evicted.sum();
    }

    /** Retained publishes refused for the budget. */
    public long refused() {
        return refused.sum();
    }

    public int entries() {
        return channels.size();
    }
}
